"""Worker entry point for the Procfile: `python worker.py` (settings come from the environment)."""

import logging
import sys

from helpdesk_empathy import config
from helpdesk_empathy.worker_main import run_worker

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.exit(0 if run_worker(config.from_env()) else 1)

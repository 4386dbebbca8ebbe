"""Worker entry point for the Procfile: `python worker.py` (settings come from the environment)."""

import sys

from helpdesk_empathy import config
from helpdesk_empathy.ops.logs import configure_logging
from helpdesk_empathy.pipeline.worker_main import run_worker

if __name__ == "__main__":
    settings = config.from_env()
    configure_logging(settings)  # plain lines, or JSON with HELPDESK_EMPATHY_LOG_JSON=true
    sys.exit(0 if run_worker(settings) else 1)

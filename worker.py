"""Worker entry point for the Procfile: `python worker.py` (settings come from the environment).

The same as `helpdesk-empathy worker`: configuration mistakes are one clear line, not a traceback.
"""

import sys

from helpdesk_empathy.cli import main

if __name__ == "__main__":
    sys.exit(main(["worker", *sys.argv[1:]]))

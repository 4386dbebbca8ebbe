"""`python -m helpdesk_empathy.cli`: the same as the `helpdesk-empathy` command."""

import sys

from helpdesk_empathy.cli import main

sys.exit(main())

"""One module per `helpdesk-empathy` sub-command; each exposes add_parser(subparsers)."""

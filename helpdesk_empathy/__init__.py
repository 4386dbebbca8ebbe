"""helpdesk-empathy: hear how helpdesk customers feel and help agents answer with care."""

__version__ = "0.1.0"

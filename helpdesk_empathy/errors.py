"""Typed exceptions shared across the package."""


class HelpdeskEmpathyError(Exception):
    """Base class for every error this package raises on purpose."""


class ConfigError(HelpdeskEmpathyError):
    """Settings or the rules file are missing or invalid; the message says which and why."""


class InvalidPayload(HelpdeskEmpathyError):
    """An inbound webhook body does not match any payload shape we accept."""


class HelpdeskError(HelpdeskEmpathyError):
    """The helpdesk API answered with an error we cannot fix by retrying."""


class TransientHelpdeskError(HelpdeskError):
    """The helpdesk is down, slow or rate limiting: retry later, never drop the work."""

    def __init__(
        self, message: str, retry_after: float | None = None, *, refused_unapplied: bool = False
    ):
        super().__init__(message)
        self.retry_after = retry_after
        # True when the helpdesk answered that it did not apply the call (a 429).
        self.refused_unapplied = refused_unapplied


class BatchPartlyWritten(TransientHelpdeskError):
    """Part of a batch was written; only the tickets named here still need writing."""

    def __init__(
        self,
        message: str,
        unwritten: list[str],
        retry_after: float | None = None,
        *,
        refused: dict[str, str] | None = None,
        requests: int = 0,
    ):
        super().__init__(message, retry_after)
        self.unwritten = list(unwritten)
        self.refused = dict(refused or {})  # ticket id -> why: failed for good, not retried
        self.requests = requests  # HTTP requests the batch spent before it stopped


class WriteDeferred(HelpdeskError):
    """Tickets at their per-ticket update limit must wait; the others were written.

    Not a failure: the writer parks the named tickets in the outbox until their window frees
    (seconds to wait, per ticket id) and counts the requests the rest of the write spent.
    """

    def __init__(
        self,
        message: str,
        deferred: dict[str, float],
        requests_made: int = 0,
        *,
        refused: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.deferred = dict(deferred)
        self.requests_made = requests_made
        self.refused = dict(refused or {})  # ticket id -> why: failed for good, not retried


class RequestReadTimeout(HelpdeskEmpathyError):
    """A client did not send its whole request within the read deadline (answered 408).

    Deliberately not an OSError, so gunicorn passes it to the worker's error answer instead
    of logging it as a socket failure."""

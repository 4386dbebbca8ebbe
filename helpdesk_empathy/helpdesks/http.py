"""JSON-over-HTTP plumbing shared by the Zammad and Freshdesk clients: typed errors, no secrets."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from typing import Any

import orjson
import requests

from helpdesk_empathy import __version__
from helpdesk_empathy.errors import HelpdeskError, TransientHelpdeskError

log = logging.getLogger(__name__)

USER_AGENT = f"helpdesk-empathy/{__version__}"

# What a non-retryable status means, in words an admin can act on.
HINTS = {
    400: "the request was malformed",
    401: "authentication failed: check the API token or key",
    403: "the API user lacks permission for this call (an agent role is needed)",
    404: "not found (wrong URL, or the ticket was deleted)",
    422: "the helpdesk rejected the values sent (e.g. a closed ticket or an unknown group id)",
}


def retry_after(response: requests.Response) -> float | None:
    """Seconds from a Retry-After header, or None when absent or not a number."""
    raw = response.headers.get("Retry-After")
    try:
        return max(0.0, float(raw)) if raw is not None else None
    except ValueError:
        return None


def send(
    session: requests.Session,
    name: str,
    method: str,
    url: str,
    path: str,
    *,
    json: Any = None,
    params: Mapping[str, Any] | None = None,
    timeout: float,
) -> requests.Response:
    """One HTTP call; a timeout or network failure is a TransientHelpdeskError (retry later)."""
    data, headers = None, None
    if json is not None:
        # orjson: a batch body carries up to 100 notes, and stdlib json is several times slower.
        data, headers = orjson.dumps(json), {"Content-Type": "application/json"}
    try:
        return session.request(
            method, url, data=data, headers=headers, params=params, timeout=timeout
        )
    except requests.Timeout:
        raise TransientHelpdeskError(f"{name} timed out on {method} {path}") from None
    except requests.RequestException as error:
        kind = type(error).__name__
        raise TransientHelpdeskError(f"cannot reach {name} ({kind}) on {method} {path}") from None


def raise_if_retryable(response: requests.Response, name: str, method: str, path: str) -> None:
    """429, 5xx and 409 are passing: raise TransientHelpdeskError with the helpdesk's wait."""
    status = response.status_code
    if status == 429:
        raise TransientHelpdeskError(
            f"{name} rate limit hit on {method} {path}", retry_after=retry_after(response)
        )
    if status >= 500 or status == 409:
        raise TransientHelpdeskError(
            f"{name} answered {status} on {method} {path}", retry_after=retry_after(response)
        )


class RestSession:
    """One helpdesk's base URL and session; counts requests for the API budget figures."""

    def __init__(
        self,
        name: str,
        base_url: str,
        session: requests.Session,
        *,
        timeout: float,
        rate_header: str = "X-RateLimit-Remaining",
    ):
        self.name = name  # "Zammad", "Freshdesk": used in error messages
        self.base_url = base_url.rstrip("/")
        self.session = session
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.headers["Accept"] = "application/json"
        self.timeout = timeout
        self.rate_header = rate_header
        self.requests_made = 0
        self.rate_limit_remaining: int | None = None

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
    ) -> requests.Response:
        """One HTTP call; 429, 5xx and network failures raise TransientHelpdeskError."""
        url = f"{self.base_url}{path}"
        self.requests_made += 1
        response = send(
            self.session, self.name, method, url, path, json=json, params=params,
            timeout=self.timeout,
        )  # fmt: skip
        raw = response.headers.get(self.rate_header)
        if raw is not None:
            with contextlib.suppress(ValueError):
                self.rate_limit_remaining = int(float(raw))
        status = response.status_code
        log.debug("%s %s %s -> %s", self.name.lower(), method, path, status)
        if status < 400:
            return response
        raise_if_retryable(response, self.name, method, path)
        hint = HINTS.get(status, "the request was refused")
        raise HelpdeskError(f"{self.name} answered {status} on {method} {path}: {hint}")

    def json(self, response: requests.Response) -> Any:
        """The decoded body; a non-JSON answer is a HelpdeskError (never echoes the body)."""
        try:
            return orjson.loads(response.content)
        except ValueError:
            raise HelpdeskError(
                f"{self.name} sent a non-JSON answer ({response.status_code})"
            ) from None

    def json_object(self, response: requests.Response) -> dict[str, Any]:
        data = self.json(response)
        if not isinstance(data, dict):
            raise HelpdeskError(f"{self.name} sent an unexpected JSON shape")
        return data

    def close(self) -> None:
        self.session.close()

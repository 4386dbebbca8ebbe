"""The one request path of every helpdesk API call: hooks (limiter, metrics), typed errors.

All communication with a helpdesk goes through `RestSession.request`, so a rate limiter, the
API-call metrics and the request count see every call of every helpdesk the same way.
Secrets and response bodies are never logged or put in error messages.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

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


@dataclass(frozen=True)
class CallHook:
    """Watches every API call: `before` may block (a rate limiter), `after` sees the answer,
    `failed` a call that got none ("timeout" or "unreachable")."""

    before: Callable[[str, str], object] | None = None  # (method, path)
    after: Callable[[str, str, requests.Response], object] | None = None
    failed: Callable[[str, str, str], object] | None = None  # (method, path, what happened)


class Limiter(Protocol):
    """What a shared rate limiter offers the request path (see helpdesks.ratelimit)."""

    def wait_turn(self) -> float: ...

    def observe(self, status: int, headers: Mapping[str, str]) -> float: ...


def limiter_hook(limiter: Limiter) -> CallHook:
    """Wait for the shared budget before each call and report each answer to it."""
    return CallHook(
        before=lambda method, path: limiter.wait_turn(),
        after=lambda method, path, response: limiter.observe(
            response.status_code, response.headers
        ),
    )


def retry_after(response: requests.Response) -> float | None:
    """Seconds from a Retry-After header, or None when absent or not a number."""
    raw = response.headers.get("Retry-After")
    try:
        return max(0.0, float(raw)) if raw is not None else None
    except ValueError:
        return None


def raise_if_retryable(response: requests.Response, name: str, method: str, path: str) -> None:
    """429, 5xx and 409 are passing: raise TransientHelpdeskError with the helpdesk's wait."""
    status = response.status_code
    if status == 429:
        raise TransientHelpdeskError(
            f"{name} rate limit hit on {method} {path}",
            retry_after=retry_after(response),
            refused_unapplied=True,
        )
    if status >= 500 or status == 409:
        raise TransientHelpdeskError(
            f"{name} answered {status} on {method} {path}", retry_after=retry_after(response)
        )


def is_permanent(error: BaseException) -> bool:
    """A refusal that retrying cannot fix (404 deleted ticket, 422 invalid value...)."""
    return isinstance(error, HelpdeskError) and not isinstance(error, TransientHelpdeskError)


class RestSession:
    """One helpdesk's base URL and session: every API call of that helpdesk goes through here."""

    def __init__(
        self,
        name: str,
        base_url: str,
        session: requests.Session,
        *,
        timeout: float,
        rate_headers: tuple[str, ...] = ("X-RateLimit-Remaining",),
        hints: Mapping[int, str] = HINTS,
        error_detail: Callable[[requests.Response], str] | None = None,
    ):
        self.name = name  # "Zendesk", "Zammad", "Freshdesk": used in error messages
        self.base_url = base_url.rstrip("/")
        self.session = session
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.headers["Accept"] = "application/json"
        self.timeout = timeout
        self.rate_headers = rate_headers
        self.hints = hints
        self.error_detail = error_detail  # a short error code from the body, never its values
        self.hooks: list[CallHook] = []
        self.requests_made = 0  # lifetime count, for the API budget figures
        self.rate_limit_remaining: int | None = None  # from the last answer's headers

    def add_hook(self, hook: CallHook) -> None:
        self.hooks.append(hook)

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        allow: tuple[int, ...] = (),
    ) -> requests.Response:
        """One HTTP call; statuses in `allow` are returned, other errors raised as typed.

        429, 5xx, 409 and network failures raise TransientHelpdeskError (retry later); other
        4xx raise HelpdeskError (retrying cannot help). `path` may be a full URL (pagination).
        """
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        for hook in self.hooks:
            if hook.before:
                hook.before(method, path)
        self.requests_made += 1
        response = self._send(method, url, path, json=json, params=params)
        self._note_rate_limit(response)
        for hook in self.hooks:
            if hook.after:
                hook.after(method, path, response)
        status = response.status_code
        log.debug("%s %s %s -> %s", self.name.lower(), method, path, status)
        if status < 400 or status in allow:
            return response
        raise_if_retryable(response, self.name, method, path)
        hint = self.hints.get(status, "the request was refused")
        code = self.error_detail(response) if self.error_detail else ""
        suffix = f" [{code}]" if code else ""
        raise HelpdeskError(f"{self.name} answered {status} on {method} {path}: {hint}{suffix}")

    def _send(
        self, method: str, url: str, path: str, *, json: Any, params: Mapping[str, Any] | None
    ) -> requests.Response:
        data, headers = None, None
        if json is not None:
            # orjson: a batch body carries up to 100 notes, and stdlib json is several times slower.
            data, headers = orjson.dumps(json), {"Content-Type": "application/json"}
        try:
            return self.session.request(
                method, url, data=data, headers=headers, params=params, timeout=self.timeout
            )
        except requests.Timeout:
            self._failed(method, path, "timeout")
            raise TransientHelpdeskError(f"{self.name} timed out on {method} {path}") from None
        except requests.RequestException as error:
            self._failed(method, path, "unreachable")
            kind = type(error).__name__
            raise TransientHelpdeskError(
                f"cannot reach {self.name} ({kind}) on {method} {path}"
            ) from None

    def _failed(self, method: str, path: str, what: str) -> None:
        for hook in self.hooks:
            if hook.failed:
                hook.failed(method, path, what)

    def _note_rate_limit(self, response: requests.Response) -> None:
        for header in self.rate_headers:
            raw = response.headers.get(header)
            if raw is not None:
                with contextlib.suppress(ValueError):
                    self.rate_limit_remaining = int(float(raw))
                return

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

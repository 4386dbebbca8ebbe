"""Start-up checks shared by the commands: one clear line per problem, never a traceback."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

import redis

from helpdesk_empathy import config
from helpdesk_empathy.errors import ConfigError

PREFIX = config.PREFIX
REDIS_VARIABLE = f"{PREFIX}REDIS_URL"
# Variables read outside Settings (by the CLI, gunicorn or the simulator), still ours.
EXTRA_KNOWN = ("BIND",)


def known_variables() -> list[str]:
    return [PREFIX + name for name in (*config.ENV_VARS, *EXTRA_KNOWN)]


def unknown_variable_warnings(
    environ: Mapping[str, str], known: Iterable[str] | None = None
) -> list[str]:
    """Pure: one warning per HELPDESK_EMPATHY_* variable we do not read, with the nearest name."""
    names = list(known if known is not None else known_variables())
    warnings = []
    for name in sorted(environ):
        if not name.startswith(PREFIX) or name in names:
            continue
        # Compare what follows the shared prefix, or every name would look close.
        suffixes = [known.removeprefix(PREFIX) for known in names]
        close = difflib.get_close_matches(name.removeprefix(PREFIX), suffixes, n=1, cutoff=0.6)
        hint = f"; did you mean {PREFIX}{close[0]}?" if close else "; it is ignored"
        warnings.append(f"warning: unknown variable {name}{hint}")
    return warnings


def redis_location(url: str) -> str:
    """host:port (or socket path) of a Redis URL, without any password."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return parts.path
    try:
        port = parts.port or 6379
    except ValueError:
        port = "?"
    return f"{parts.hostname or 'localhost'}:{port}"


def validate_redis_url(url: str) -> None:
    """A missing or malformed URL raises ConfigError naming the variable."""
    if not url:
        raise ConfigError(
            f"{REDIS_VARIABLE} (or REDIS_URL) is not set: point it at your Redis, "
            "e.g. redis://localhost:6379/0 (or try `helpdesk-empathy dev`, which embeds one)"
        )
    try:
        redis.connection.parse_url(url)
        urlsplit(url).port  # noqa: B018 - raises ValueError on a port that is not a number
    except (ValueError, TypeError) as error:
        reason = str(error).split("(")[0].strip().rstrip(".") or "it cannot be parsed"
        raise ConfigError(
            f"{REDIS_VARIABLE} is malformed ({reason}): use redis://host:6379/0, "
            "rediss://... for TLS or unix:///path/to/redis.sock"
        ) from None


def require_redis(settings: config.Settings) -> None:
    """The URL is well formed and Redis answers PING; else one line saying what to fix."""
    validate_redis_url(settings.redis_url)
    client = redis.Redis.from_url(settings.redis_url, socket_timeout=3, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.AuthenticationError:
        raise ConfigError(
            f"Redis at {redis_location(settings.redis_url)} refused the password in "
            f"{REDIS_VARIABLE}: fix the URL's credentials"
        ) from None
    except (redis.RedisError, OSError) as error:
        raise ConfigError(
            f"cannot reach Redis at {redis_location(settings.redis_url)} "
            f"({type(error).__name__}): start Redis or fix {REDIS_VARIABLE}"
        ) from None
    finally:
        client.close()


def require_rules(settings: config.Settings) -> None:
    """Load the rules file once, so a mistake stops the start with its file, line and field."""
    from helpdesk_empathy.decision.rules import load_rules

    load_rules(settings)

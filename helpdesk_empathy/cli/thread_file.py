"""Read a `preview --thread` file: a ticket and its messages; one-line errors name the field."""

from __future__ import annotations

import json
from dataclasses import dataclass

from helpdesk_empathy.errors import ConfigError
from helpdesk_empathy.models import PRIORITIES

MAX_MESSAGES = 200
MAX_TEXT_CHARS = 100_000
AUTHORS = ("customer", "agent")
TICKET_KEYS = ("subject", "requester_name", "priority", "group_id", "assignee_id")


@dataclass(frozen=True)
class ThreadMessage:
    author: str  # "customer" | "agent"
    text: str


@dataclass(frozen=True)
class ThreadFile:
    """A ticket as it stands before its first message, and its messages, oldest first."""

    subject: str | None
    requester_name: str | None
    priority: str | None
    group_id: str | None
    assignee_id: str | None
    messages: tuple[ThreadMessage, ...]


def _fail(source: str, where: str, problem: str) -> ConfigError:
    return ConfigError(f"{source}: {where}: {problem}")


def _optional_text(source: str, ticket: dict, key: str) -> str | None:
    value = ticket.get(key)
    if value is None:
        return None
    if (
        key in ("group_id", "assignee_id")
        and isinstance(value, int)
        and not isinstance(value, bool)
    ):
        return str(value)
    if not isinstance(value, str):
        kind = "a string or a number" if key.endswith("_id") else "a string"
        raise _fail(source, f"ticket.{key}", f"must be {kind}")
    return value.strip() or None


def parse_thread(text: str, source: str = "<thread>") -> ThreadFile:
    """Validate the JSON document; ConfigError says file, position and field on one line."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise _fail(source, where, f"not valid JSON: {error.msg}") from None
    if not isinstance(data, dict):
        raise _fail(source, "(top level)", 'must be an object with "ticket" and "messages"')
    unknown = sorted(set(data) - {"ticket", "messages"})
    if unknown:
        raise _fail(source, unknown[0], 'unknown key (expected "ticket" and "messages")')
    ticket = data.get("ticket", {})
    if not isinstance(ticket, dict):
        raise _fail(source, "ticket", "must be an object")
    for key in sorted(set(ticket) - set(TICKET_KEYS)):
        raise _fail(source, f"ticket.{key}", f"unknown key (expected {', '.join(TICKET_KEYS)})")
    fields = {key: _optional_text(source, ticket, key) for key in TICKET_KEYS}
    if fields["priority"] is not None:
        fields["priority"] = fields["priority"].lower()
        if fields["priority"] not in PRIORITIES:
            raise _fail(source, "ticket.priority", f"must be one of {', '.join(PRIORITIES)}")
    messages = data.get("messages")
    if not isinstance(messages, list) or not messages:
        raise _fail(source, "messages", "must be a non-empty list")
    if len(messages) > MAX_MESSAGES:
        raise _fail(source, "messages", f"has {len(messages)} items (at most {MAX_MESSAGES})")
    parsed = []
    for index, item in enumerate(messages):
        where = f"messages[{index}]"
        if not isinstance(item, dict):
            raise _fail(source, where, 'must be an object with "author" and "text"')
        for key in sorted(set(item) - {"author", "text"}):
            raise _fail(source, f"{where}.{key}", 'unknown key (expected "author" and "text")')
        if item.get("author") not in AUTHORS:
            raise _fail(source, f"{where}.author", 'must be "customer" or "agent"')
        body = item.get("text")
        if not isinstance(body, str) or not body.strip():
            raise _fail(source, f"{where}.text", "must be a non-empty string")
        if len(body) > MAX_TEXT_CHARS:
            raise _fail(source, f"{where}.text", f"is longer than {MAX_TEXT_CHARS} characters")
        parsed.append(ThreadMessage(item["author"], body))
    if not any(message.author == "customer" for message in parsed):
        raise _fail(source, "messages", "has no customer message to score")
    return ThreadFile(messages=tuple(parsed), **fields)


def load_thread(path: str) -> ThreadFile:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the thread file: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    return parse_thread(text, source=path)

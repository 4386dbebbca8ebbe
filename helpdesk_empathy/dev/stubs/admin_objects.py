"""Webhooks and triggers in the local Zendesk stub, validated the way Zendesk does."""

from __future__ import annotations

import base64
import secrets
from typing import Any

from helpdesk_empathy.dev.stubs import records
from helpdesk_empathy.dev.stubs.state import StubError, StubState

WEBHOOK_REQUIRED = ("name", "endpoint", "http_method", "request_format", "status")
TRIGGER_CONNECTED = "conditional_ticket_events"
EVENT_PREFIX = "zen:event-type:"


def connection_method(subscriptions: list[str]) -> str | None:
    """'trigger', 'events', or None (not connected yet), as Zendesk's docs define them.

    Documented: "conditional_ticket_events" must be alone; event subscriptions need POST + JSON;
    a webhook's connection method cannot change; an event webhook cannot serve a trigger.
    The status codes the stub answers with for these are a guess (not documented).
    """
    if not subscriptions:
        return None
    if subscriptions == [TRIGGER_CONNECTED]:
        return "trigger"
    if all(str(s).startswith(EVENT_PREFIX) for s in subscriptions):
        return "events"
    raise StubError(400, "InvalidValue", "subscriptions: one connection method, known values")


def _check_subscriptions(webhook: dict[str, Any]) -> list[str]:
    subscriptions = list(webhook.get("subscriptions") or [])
    if connection_method(subscriptions) == "events" and (
        webhook.get("http_method") != "POST" or webhook.get("request_format") != "json"
    ):
        raise StubError(400, "InvalidValue", "event subscriptions need POST and json")
    return subscriptions


def create_webhook(state: StubState, body: dict[str, Any]) -> dict[str, Any]:
    webhook = body.get("webhook")
    if not isinstance(webhook, dict):
        raise StubError(400, "InvalidValue", "webhook object is required")
    missing = [key for key in WEBHOOK_REQUIRED if not webhook.get(key)]
    if missing:
        raise StubError(400, "InvalidValue", f"missing: {', '.join(missing)}")
    if not str(webhook["endpoint"]).startswith(("http://", "https://")):
        raise StubError(400, "InvalidValue", "endpoint must be an http(s) URL")
    subscriptions = _check_subscriptions(webhook)
    with state.lock:
        webhook_id = "01" + base64.b32encode(secrets.token_bytes(15)).decode()[:24]
        stamp = state._stamp()
        secret = (webhook.get("signing_secret") or {}).get("secret") or base64.b64encode(
            secrets.token_bytes(32)
        ).decode()
        stored = {
            "id": webhook_id,
            "name": webhook["name"],
            "status": webhook["status"],
            "subscriptions": subscriptions,
            "created_at": stamp,
            "created_by": str(state.api_user["id"]),
            "endpoint": webhook["endpoint"],
            "http_method": webhook["http_method"],
            "request_format": webhook["request_format"],
            "description": webhook.get("description", ""),
            "updated_at": stamp,
            "updated_by": str(state.api_user["id"]),
        }
        state.webhooks[webhook_id] = stored
        state.webhook_secrets[webhook_id] = secret
        return dict(stored)


def get_webhook(state: StubState, webhook_id: str) -> dict[str, Any]:
    return records.read(state, state.webhooks, webhook_id, "Webhook not found")


def update_webhook(state: StubState, webhook_id: str, body: dict[str, Any]) -> None:
    """PATCH: only the given fields change (204 in Zendesk); never the connection method."""
    changes = body.get("webhook") or {}
    with state.lock:
        current = get_webhook(state, webhook_id)
        for key in ("name", "status", "endpoint", "description", "http_method", "request_format"):
            if key in changes:
                current[key] = changes[key]
        if "subscriptions" in changes:
            method = connection_method(current["subscriptions"])
            wanted = connection_method(list(changes["subscriptions"] or []))
            if method is not None and wanted != method:  # connecting a new webhook is fine
                raise StubError(400, "InvalidValue", "a webhook's connection method cannot change")
            current["subscriptions"] = list(changes["subscriptions"] or [])
        _check_subscriptions(current)
        current["updated_at"] = state._stamp()
        state.webhooks[webhook_id] = current


def delete_webhook(state: StubState, webhook_id: str) -> None:
    with state.lock:
        records.remove(state, state.webhooks, webhook_id, "Webhook not found")
        state.webhook_secrets.pop(webhook_id, None)


def webhook_secret(state: StubState, webhook_id: str) -> dict[str, str]:
    with state.lock:
        get_webhook(state, webhook_id)
        return {"algorithm": "SHA256", "secret": state.webhook_secrets[webhook_id]}


def _validated_trigger(state: StubState, body: dict[str, Any]) -> dict[str, Any]:
    trigger = body.get("trigger")
    if not isinstance(trigger, dict) or not trigger.get("title"):
        raise StubError(422, "RecordInvalid", "Title: cannot be blank")
    conditions = trigger.get("conditions") or {}
    if not conditions.get("all") and not conditions.get("any"):
        raise StubError(422, "RecordInvalid", "Conditions: cannot be blank")
    if not trigger.get("actions"):
        raise StubError(422, "RecordInvalid", "Actions: cannot be blank")
    with state.lock:
        for action in trigger["actions"]:
            if action.get("field") == "notification_webhook":
                webhook_id = str((action.get("value") or [None])[0])
                if webhook_id not in state.webhooks:
                    raise StubError(422, "RecordInvalid", "Actions: webhook does not exist")
                if state.webhooks[webhook_id]["subscriptions"] != [TRIGGER_CONNECTED]:
                    raise StubError(
                        422, "RecordInvalid", "Actions: webhook is not trigger-connected"
                    )
    return trigger


def create_trigger(state: StubState, body: dict[str, Any]) -> dict[str, Any]:
    trigger = _validated_trigger(state, body)
    conditions = trigger["conditions"]
    with state.lock:
        trigger_id = state._next_id()
        stamp = state._stamp()
        stored = {
            "url": f"https://{state.account}.zendesk.com/api/v2/triggers/{trigger_id}.json",
            "id": trigger_id,
            "title": trigger["title"],
            "active": trigger.get("active", True),
            "updated_at": stamp,
            "created_at": stamp,
            "default": False,
            "actions": trigger["actions"],
            "conditions": {"all": conditions.get("all", []), "any": conditions.get("any", [])},
            "description": trigger.get("description"),
            "position": len(state.triggers) + 1,
            "raw_title": trigger["title"],
            "category_id": str(trigger.get("category_id", "10026")),
        }
        state.triggers[trigger_id] = stored
        return dict(stored)


def get_trigger(state: StubState, trigger_id: int) -> dict[str, Any]:
    return records.read(state, state.triggers, trigger_id)


def update_trigger(state: StubState, trigger_id: int, body: dict[str, Any]) -> dict[str, Any]:
    trigger = _validated_trigger(state, body)
    conditions = trigger["conditions"]
    changes = {
        **trigger,
        "conditions": {"all": conditions.get("all", []), "any": conditions.get("any", [])},
        "updated_at": state._stamp(),
    }
    fields = ("title", "description", "active", "actions", "conditions", "updated_at")
    return records.change(state, state.triggers, trigger_id, changes, fields)


def delete_trigger(state: StubState, trigger_id: int) -> None:
    records.remove(state, state.triggers, trigger_id)

"""Pure planning for `install` / `uninstall` / `doctor`: what we create in Zendesk, and the diff.

Two delivery modes; install creates, identified by exact name/title so nothing else is touched:
- events (default): one webhook named WEBHOOK_NAME subscribed to the `ticket.created` and
  `ticket.comment_added` event types, and no trigger. Each event carries the ticket's exact
  `updated_at`, so the write-back is one PUT with safe_update.
- trigger: one trigger-connected webhook (`conditional_ticket_events`) plus one trigger titled
  TRIGGER_TITLE that calls it with the recommended body (helpdesks/zendesk/trigger_body.json).
  That body's `{{ticket.updated_at_with_timestamp}}` has minute precision, so each delivery
  costs a GET + PUT. Pick it for trigger conditions (brand, form, ...).

Zendesk cannot change a webhook's connection method (events vs trigger), so switching modes
deletes our webhook and creates a new one, which comes with a new signing secret.

Loop guard, events mode: an event subscription has no conditions, so the guard is in the
receiver: it ignores private comments (our note is internal), comments by staff authors and
events whose actor is our API user (HELPDESK_EMPATHY_ZENDESK_API_USER_ID).
Loop guard, trigger mode: the trigger fires only when the *current user is an end user* and
the update carries a *public comment*. Our write-back is made by an agent/admin API user and
adds an internal note, so it can never fire the trigger again, while every later customer
comment (even on a ticket we already tagged) still does. A "tags do not include our marker"
condition would stop all later comments on processed tickets, so it is deliberately not used.
The receiver's checks apply too (second guard).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

WEBHOOK_NAME = "helpdesk-empathy"
TRIGGER_TITLE = "helpdesk-empathy: send customer messages to the webhook"
NEW_WEBHOOK_ID = "<new webhook id>"  # placeholder in dry-run output

EVENTS, TRIGGER = "events", "trigger"
DELIVERY_MODES = (EVENTS, TRIGGER)
DEFAULT_DELIVERY = EVENTS
TRIGGER_SUBSCRIPTION = "conditional_ticket_events"
EVENT_SUBSCRIPTIONS = (
    "zen:event-type:ticket.comment_added",
    "zen:event-type:ticket.created",
)


def trigger_body_template() -> str:
    """The recommended trigger body (JSON with Zendesk placeholders), as shipped."""
    return (
        resources.files("helpdesk_empathy.helpdesks.zendesk")
        .joinpath("trigger_body.json")
        .read_text(encoding="utf-8")
    )


def subscriptions_for(delivery: str) -> list[str]:
    if delivery not in DELIVERY_MODES:
        raise ValueError(f"delivery must be one of {', '.join(DELIVERY_MODES)}, not {delivery!r}")
    return list(EVENT_SUBSCRIPTIONS) if delivery == EVENTS else [TRIGGER_SUBSCRIPTION]


def delivery_of(webhook: dict[str, Any]) -> str | None:
    """The mode a webhook is set up for, or None when its subscriptions fit neither."""
    subscriptions = set(webhook.get("subscriptions") or [])
    for delivery in DELIVERY_MODES:
        if subscriptions == set(subscriptions_for(delivery)):
            return delivery
    return None


def webhook_spec(endpoint_url: str, delivery: str = DEFAULT_DELIVERY) -> dict[str, Any]:
    """The `webhook` object for POST /api/v2/webhooks (Zendesk generates the signing secret)."""
    return {
        "name": WEBHOOK_NAME,
        "status": "active",
        "endpoint": endpoint_url,
        # Event subscriptions require POST + JSON; the trigger body is JSON too.
        "http_method": "POST",
        "request_format": "json",
        "subscriptions": subscriptions_for(delivery),
        "description": "Scores how customers feel; created by `helpdesk-empathy install`.",
    }


def trigger_conditions() -> dict[str, list[dict[str, str]]]:
    """Customer (end-user) updates with a public comment: never our own internal-note updates."""
    return {
        "all": [
            {"field": "role", "operator": "is", "value": "end_user"},
            {"field": "comment_is_public", "operator": "is", "value": "true"},
        ],
        "any": [],
    }


def trigger_spec(webhook_id: str) -> dict[str, Any]:
    """The `trigger` object for POST /api/v2/triggers."""
    return {
        "title": TRIGGER_TITLE,
        "description": "Created by `helpdesk-empathy install`; remove with `uninstall`.",
        "active": True,
        "conditions": trigger_conditions(),
        "actions": [
            {"field": "notification_webhook", "value": [webhook_id, trigger_body_template()]}
        ],
    }


@dataclass(frozen=True)
class Step:
    """One planned API call (or a 'keep' that needs none)."""

    action: str  # "create" | "update" | "delete" | "keep"
    kind: str  # "webhook" | "trigger"
    method: str = ""
    path: str = ""
    body: dict[str, Any] | None = None
    existing_id: str | None = None

    def describe(self) -> str:
        if self.action == "keep":
            return f"keep {self.kind} {self.existing_id} (already as wanted)"
        text = f"{self.method} {self.path}"
        if self.body is not None:
            text += "\n" + json.dumps(self.body, indent=2, ensure_ascii=False)
        return text


@dataclass
class InstallPlan:
    """Run in order: removals, then the webhook step, then (trigger mode) the trigger step."""

    delivery: str
    removals: list[Step]
    webhook: Step
    trigger: Step | None
    notes: list[str] = field(default_factory=list)

    @property
    def steps(self) -> list[Step]:
        return [*self.removals, self.webhook, *([self.trigger] if self.trigger else [])]

    @property
    def changes(self) -> list[Step]:
        return [step for step in self.steps if step.action != "keep"]

    @property
    def replaces_webhook(self) -> bool:
        """Our webhook is deleted and created again: the receiver needs the new secret."""
        return any(step.kind == "webhook" for step in self.removals)


def find_webhooks(webhooks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [w for w in webhooks if w.get("name") == WEBHOOK_NAME]


def find_triggers(triggers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [t for t in triggers if t.get("title") == TRIGGER_TITLE]


def _conditions_equal(actual: dict[str, Any] | None, wanted: dict[str, Any]) -> bool:
    def norm(items: Any) -> list[tuple[str, str, str]]:
        return sorted(
            (str(c.get("field")), str(c.get("operator")), str(c.get("value")).lower())
            for c in items or []
        )

    actual = actual or {}
    return all(norm(actual.get(key)) == norm(wanted.get(key)) for key in ("all", "any"))


def trigger_differences(trigger: dict[str, Any], webhook_id: str) -> list[str]:
    """Why an existing trigger differs from what install would create (empty = identical)."""
    wanted = trigger_spec(webhook_id)
    problems = []
    if not trigger.get("active", True):
        problems.append("trigger is inactive")
    if not _conditions_equal(trigger.get("conditions"), wanted["conditions"]):
        problems.append("trigger conditions differ from the recommended loop-safe ones")
    actions = [a for a in trigger.get("actions") or [] if a.get("field") == "notification_webhook"]
    if not actions or str(actions[0]["value"][0]) != str(webhook_id):
        problems.append("trigger does not call our webhook")
    else:
        try:
            same_body = json.loads(actions[0]["value"][1]) == json.loads(trigger_body_template())
        except (ValueError, IndexError, TypeError):
            same_body = False
        if not same_body:
            problems.append("trigger body differs from the recommended body")
    return problems


def _create_webhook(endpoint_url: str, delivery: str) -> Step:
    body = {"webhook": webhook_spec(endpoint_url, delivery)}
    return Step("create", "webhook", "POST", "/api/v2/webhooks", body)


def _delete(kind: str, object_id: Any) -> Step:
    return Step(
        "delete", kind, "DELETE", f"/api/v2/{kind}s/{object_id}", existing_id=str(object_id)
    )


def plan_webhook(
    webhooks: list[dict[str, Any]], endpoint_url: str, delivery: str = DEFAULT_DELIVERY
) -> tuple[list[Step], Step]:
    """(removals, then the step that leaves our webhook as wanted)."""
    ours = find_webhooks(webhooks)
    if not ours:
        return [], _create_webhook(endpoint_url, delivery)
    current = ours[0]
    webhook_id = str(current["id"])
    if delivery_of(current) != delivery:
        # Zendesk cannot change a webhook's connection method: replace it (a new secret).
        return [_delete("webhook", webhook_id)], _create_webhook(endpoint_url, delivery)
    wanted = {"endpoint": endpoint_url, "status": "active"}
    changed = {k: v for k, v in wanted.items() if current.get(k) != v}
    if not changed:
        return [], Step("keep", "webhook", existing_id=webhook_id)
    path = f"/api/v2/webhooks/{webhook_id}"
    return [], Step("update", "webhook", "PATCH", path, {"webhook": changed}, webhook_id)


def plan_trigger(triggers: list[dict[str, Any]], webhook_id: str) -> Step:
    ours = find_triggers(triggers)
    body = {"trigger": trigger_spec(webhook_id)}
    if not ours:
        return Step("create", "trigger", "POST", "/api/v2/triggers", body)
    trigger_id = str(ours[0]["id"])
    if not trigger_differences(ours[0], webhook_id):
        return Step("keep", "trigger", existing_id=trigger_id)
    return Step(
        "update", "trigger", "PUT", f"/api/v2/triggers/{trigger_id}", body, existing_id=trigger_id
    )


def plan_install(
    webhooks: list[dict[str, Any]],
    triggers: list[dict[str, Any]],
    endpoint_url: str,
    delivery: str = DEFAULT_DELIVERY,
) -> InstallPlan:
    """Everything install would do; running it against its own result plans only 'keep'."""
    subscriptions_for(delivery)  # validates the mode
    removals: list[Step] = []
    if delivery == EVENTS:
        # Our trigger(s) first: they point at the webhook that may be replaced below.
        removals += [_delete("trigger", t["id"]) for t in find_triggers(triggers)]
    webhook_removals, webhook = plan_webhook(webhooks, endpoint_url, delivery)
    removals += webhook_removals
    ours = find_webhooks(webhooks)
    trigger = None
    if delivery == TRIGGER:
        trigger = plan_trigger(triggers, webhook.existing_id or NEW_WEBHOOK_ID)
    plan = InstallPlan(delivery, removals, webhook, trigger)
    if len(ours) > 1 or (delivery == TRIGGER and len(find_triggers(triggers)) > 1):
        plan.notes.append("several objects carry our name; only the first is managed")
    if plan.replaces_webhook:
        current = delivery_of(ours[0])
        now = f"'{current}' delivery" if current else "neither delivery mode"
        plan.notes.append(
            f"our webhook is set up for {now}, not '{delivery}', and Zendesk cannot change a "
            "webhook's connection method: it is deleted and created again, with a NEW "
            "signing secret"
        )
    return plan


def plan_uninstall(webhooks: list[dict[str, Any]], triggers: list[dict[str, Any]]) -> list[Step]:
    """Delete our trigger(s) first (it points at the webhook), then our webhook(s).

    Works for either delivery mode. Objects are ours only by exact name/title; nothing else in
    the account is touched.
    """
    steps = [_delete("trigger", t["id"]) for t in find_triggers(triggers)]
    ours = sorted(str(w["id"]) for w in find_webhooks(webhooks))
    return steps + [_delete("webhook", w) for w in ours]

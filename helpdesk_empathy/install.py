"""Pure planning for `install` / `uninstall` / `doctor`: what we create in Zendesk, and the diff.

What install creates, identified by exact name so uninstall touches nothing else:
- one webhook named WEBHOOK_NAME, trigger-connected (`conditional_ticket_events`), POST JSON;
- one trigger titled TRIGGER_TITLE that calls it with the recommended body
  (helpdesks/zendesk_trigger_body.json, the one place that body lives).

Loop guard in the trigger: it fires only when the *current user is an end user* and the update
carries a *public comment*. Our write-back is made by an agent/admin API user and adds an
internal note, so it can never fire the trigger again, while every later customer comment
(even on a ticket we already tagged) still does. A "tags do not include our marker" condition
would stop all later comments on processed tickets, so it is deliberately not used. The
receiver also ignores events whose current_user_id is our API user (second guard).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

WEBHOOK_NAME = "helpdesk-empathy"
TRIGGER_TITLE = "helpdesk-empathy: send customer messages to the webhook"
NEW_WEBHOOK_ID = "<new webhook id>"  # placeholder in dry-run output


def trigger_body_template() -> str:
    """The recommended trigger body (JSON with Zendesk placeholders), as shipped."""
    return (
        resources.files("helpdesk_empathy.helpdesks")
        .joinpath("zendesk_trigger_body.json")
        .read_text(encoding="utf-8")
    )


def webhook_spec(endpoint_url: str) -> dict[str, Any]:
    """The `webhook` object for POST /api/v2/webhooks (Zendesk generates the signing secret)."""
    return {
        "name": WEBHOOK_NAME,
        "status": "active",
        "endpoint": endpoint_url,
        "http_method": "POST",
        "request_format": "json",
        "subscriptions": ["conditional_ticket_events"],
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
    webhook: Step
    trigger: Step
    notes: list[str] = field(default_factory=list)

    @property
    def steps(self) -> list[Step]:
        return [self.webhook, self.trigger]

    @property
    def changes(self) -> list[Step]:
        return [step for step in self.steps if step.action != "keep"]


def find_webhooks(webhooks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [w for w in webhooks if w.get("name") == WEBHOOK_NAME]


def find_triggers(triggers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [t for t in triggers if t.get("title") == TRIGGER_TITLE]


def webhook_ids_in(trigger: dict[str, Any]) -> list[str]:
    ids = []
    for action in trigger.get("actions") or []:
        value = action.get("value")
        if action.get("field") == "notification_webhook" and isinstance(value, list) and value:
            ids.append(str(value[0]))
    return ids


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


def plan_webhook(webhooks: list[dict[str, Any]], endpoint_url: str) -> Step:
    ours = find_webhooks(webhooks)
    if not ours:
        return Step(
            "create", "webhook", "POST", "/api/v2/webhooks", {"webhook": webhook_spec(endpoint_url)}
        )
    current = ours[0]
    webhook_id = str(current["id"])
    wanted = {"endpoint": endpoint_url, "status": "active"}
    changed = {k: v for k, v in wanted.items() if current.get(k) != v}
    if not changed:
        return Step("keep", "webhook", existing_id=webhook_id)
    return Step(
        "update",
        "webhook",
        "PATCH",
        f"/api/v2/webhooks/{webhook_id}",
        {"webhook": changed},
        existing_id=webhook_id,
    )


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
    webhooks: list[dict[str, Any]], triggers: list[dict[str, Any]], endpoint_url: str
) -> InstallPlan:
    """Everything install would do; running it against its own result plans only 'keep'."""
    webhook = plan_webhook(webhooks, endpoint_url)
    webhook_id = webhook.existing_id or NEW_WEBHOOK_ID
    plan = InstallPlan(webhook, plan_trigger(triggers, webhook_id))
    if len(find_webhooks(webhooks)) > 1 or len(find_triggers(triggers)) > 1:
        plan.notes.append("several objects carry our name; only the first is managed")
    return plan


def plan_uninstall(webhooks: list[dict[str, Any]], triggers: list[dict[str, Any]]) -> list[Step]:
    """Delete our trigger(s) first (it points at the webhook), then our webhook(s).

    Objects are ours only by exact name/title; nothing else in the account is touched.
    """
    steps = [
        Step("delete", "trigger", "DELETE", f"/api/v2/triggers/{t['id']}", existing_id=str(t["id"]))
        for t in find_triggers(triggers)
    ]
    ours = sorted(str(w["id"]) for w in find_webhooks(webhooks))
    steps += [
        Step("delete", "webhook", "DELETE", f"/api/v2/webhooks/{w}", existing_id=w)
        for w in sorted(ours)
    ]
    return steps

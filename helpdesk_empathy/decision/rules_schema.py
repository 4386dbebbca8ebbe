"""Marshmallow schema for the rules file, plus the start-up check of admin reply templates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from helpdesk_empathy.decision.note_frames import NOTE_LANGUAGES
from helpdesk_empathy.decision.replies import (
    LANGUAGES,
    TEMPLATE_KEYS,
    TemplateProblem,
    check_template,
    find_forbidden,
)
from helpdesk_empathy.decision.thread import NOTE_MODES
from helpdesk_empathy.models import LEVELS, PRIORITIES, SIGNAL_NAMES

TAG_PART = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_TAG_ERROR = "must be a valid Zendesk tag part: lowercase letters, digits, '_' or '-', no spaces"
GROUP_ID = re.compile(r"^[A-Za-z0-9_-]{0,64}$")


class GroupId(fields.Field):
    """A helpdesk group id, written as a number or a string in YAML; always a string here."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValidationError("must be a group id (a number or a string)")
        text = str(value).strip()
        if not GROUP_ID.match(text):
            raise ValidationError("must be a group id: letters, digits, '_' or '-' only")
        return text


def _tag_part() -> fields.String:
    return fields.String(validate=validate.Regexp(TAG_PART, error=_TAG_ERROR))


def _priority(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.OneOf(PRIORITIES), **kwargs)


def _signal() -> fields.String:
    return fields.String(validate=validate.OneOf(SIGNAL_NAMES))


def _score(**kwargs: Any) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(0, 100), **kwargs)


class _Section(Schema):
    class Meta:
        unknown = RAISE  # a misspelt key is an error, not a silently ignored setting


class TagsSchema(_Section):
    prefix = _tag_part()
    marker = _tag_part()
    escalated = _tag_part()
    trajectory = _tag_part()
    level_tags = fields.Boolean()
    signal_tags = fields.List(_signal())


class EscalationSchema(_Section):
    min_frustration = _score()
    levels = fields.List(fields.String(validate=validate.OneOf(LEVELS)))
    min_contact_number = fields.Integer(strict=True, validate=validate.Range(2, 100))
    signals = fields.List(_signal())
    rising_trajectory = fields.Boolean()


class BandSchema(_Section):
    at = _score(required=True)
    priority = _priority(required=True)


class PrioritySchema(_Section):
    by_level = fields.Dict(keys=fields.String(validate=validate.OneOf(LEVELS)), values=_priority())
    by_frustration = fields.List(fields.Nested(BandSchema))
    by_signal = fields.Dict(keys=_signal(), values=_priority())
    escalated = _priority(allow_none=True)


class RoutingSchema(_Section):
    default_group_id = GroupId()
    by_language = fields.Dict(
        keys=fields.String(validate=validate.OneOf(LANGUAGES)), values=GroupId()
    )
    by_signal = fields.Dict(keys=_signal(), values=GroupId())
    never_route_assigned = fields.Boolean()
    protected_group_ids = fields.List(GroupId())


class TrajectorySchema(_Section):
    min_points = fields.Integer(strict=True, validate=validate.Range(2, 20))
    min_rise = _score()
    min_drop = fields.Float(validate=validate.Range(0.0, 2.0))
    max_final_compound = fields.Float(validate=validate.Range(-1.0, 1.0))
    min_jump = _score()
    jump_floor = _score()
    ttl_days = fields.Integer(strict=True, validate=validate.Range(1, 365))
    keep = fields.Integer(strict=True, validate=validate.Range(2, 200))

    @validates_schema
    def _keep_covers_run(self, data: Mapping[str, Any], **kwargs: Any) -> None:
        if data.get("keep", 20) < data.get("min_points", 3):
            raise ValidationError("must be at least min_points", field_name="keep")


class RepliesSchema(_Section):
    angry_at = _score()
    offer_human_at = _score()
    templates = fields.Dict(
        keys=fields.String(validate=validate.OneOf(LANGUAGES)),
        values=fields.Dict(
            keys=fields.String(validate=validate.OneOf(TEMPLATE_KEYS)),
            values=fields.String(validate=validate.Length(min=1, max=4000)),
        ),
    )


class NotesSchema(_Section):
    mode = fields.String(validate=validate.OneOf(NOTE_MODES))
    detail = fields.String(validate=validate.OneOf(("short", "full")))
    language = fields.String(validate=validate.OneOf(("customer", *NOTE_LANGUAGES)))


class RulesSchema(_Section):
    version = fields.Integer(strict=True, validate=validate.OneOf([1]))
    tags = fields.Nested(TagsSchema)
    escalation = fields.Nested(EscalationSchema)
    priority = fields.Nested(PrioritySchema)
    routing = fields.Nested(RoutingSchema)
    trajectory = fields.Nested(TrajectorySchema)
    replies = fields.Nested(RepliesSchema)
    notes = fields.Nested(NotesSchema)


def check_templates(
    templates: Mapping[str, Mapping[str, str]],
) -> list[tuple[tuple[str, ...], str]]:
    """(path, problem) for each admin template that is unsafe, broken or breaks the principles."""
    problems = []
    for language, keys in templates.items():
        for key, source in keys.items():
            path = ("replies", "templates", language, key)
            try:
                check_template(source, language=language, key=key)
            except TemplateProblem as problem:
                # The problem names the template already; the path is shown by the caller.
                message = str(problem).removeprefix(".".join(path) + ": ")
                problems.append((path, message))
                continue
            for phrase in find_forbidden(source):
                problems.append((path, f"reply template {phrase}"))
    return problems

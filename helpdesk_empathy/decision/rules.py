"""The admin rules file: thresholds, tags, priorities, routing, templates; validated at start-up."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml
from marshmallow import ValidationError

from helpdesk_empathy.config import Settings
from helpdesk_empathy.decision.trajectory import TrajectoryRules
from helpdesk_empathy.errors import ConfigError

DEFAULT_RULES_FILE = "default_rules.yaml"
DEFAULT_TAG_PREFIX = "empathy"
# Zendesk tags: lowercase, no spaces; we also keep to letters, digits, "_" and "-".
TAG_PART = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _frozen(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class TagRules:
    """Tag names; every tag is "<prefix>_<name>"."""

    prefix: str = DEFAULT_TAG_PREFIX
    marker: str = "processed"
    escalated: str = "escalated"
    trajectory: str = "trajectory_rising"
    level_tags: bool = True
    signal_tags: tuple[str, ...] = (
        "shouting", "repeat_contact", "delay", "ignored", "broken", "billing",
        "churn_threat", "legal_threat", "payment_dispute", "profanity", "anger", "wants_human",
        "confusion", "gratitude",
    )  # fmt: skip

    def tag(self, name: str) -> str:
        return f"{self.prefix}_{name}"

    @property
    def marker_tag(self) -> str:
        """The loop-guard tag the Zendesk trigger excludes, e.g. "empathy_processed"."""
        return self.tag(self.marker)


@dataclass(frozen=True)
class EscalationRules:
    """Any one condition hands the ticket to a human."""

    min_frustration: int = 70
    levels: tuple[str, ...] = ()
    min_contact_number: int = 3
    signals: tuple[str, ...] = ("churn_threat", "legal_threat", "payment_dispute", "wants_human")
    rising_trajectory: bool = True


@dataclass(frozen=True)
class PriorityRules:
    """Minimum priority per level, frustration band and signal; raise only."""

    by_level: Mapping[str, str] = field(
        default_factory=lambda: _frozen({"very_negative": "high", "negative": "normal"})
    )
    by_frustration: tuple[tuple[int, str], ...] = ((60, "high"), (90, "urgent"))
    by_signal: Mapping[str, str] = field(
        default_factory=lambda: _frozen(
            {"legal_threat": "high", "payment_dispute": "high", "churn_threat": "high"}
        )
    )
    escalated: str | None = "high"


@dataclass(frozen=True)
class RoutingRules:
    """Where escalated tickets go, and which tickets are never moved."""

    default_group_id: str = ""
    by_language: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    by_signal: Mapping[str, str] = field(default_factory=lambda: _EMPTY)  # ordered: first wins
    never_route_assigned: bool = True
    protected_group_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class HistoryRules(TrajectoryRules):
    """Trajectory thresholds plus how long per-ticket scores live in Redis."""

    ttl_days: int = 30
    keep: int = 20

    @property
    def thresholds(self) -> TrajectoryRules:
        return TrajectoryRules(
            self.min_points,
            self.min_rise,
            self.min_drop,
            self.max_final_compound,
            self.min_jump,
            self.jump_floor,
        )


@dataclass(frozen=True)
class ReplyRules:
    """Reply choice thresholds and admin template overrides (language -> key -> source)."""

    angry_at: int = 60
    offer_human_at: int = 60
    templates: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: _EMPTY)


@dataclass(frozen=True)
class NoteRules:
    """When a ticket gets an internal note, how long it is and in which language."""

    mode: str = "on_change"  # on_change | every_message | escalation_only | never
    detail: str = "short"  # short | full
    language: str = "customer"  # customer | en | fr


@dataclass(frozen=True)
class Rules:
    """Everything the policy needs to turn an analysis into a decision."""

    tags: TagRules = field(default_factory=TagRules)
    escalation: EscalationRules = field(default_factory=EscalationRules)
    priority: PriorityRules = field(default_factory=PriorityRules)
    routing: RoutingRules = field(default_factory=RoutingRules)
    trajectory: HistoryRules = field(default_factory=HistoryRules)
    replies: ReplyRules = field(default_factory=ReplyRules)
    notes: NoteRules = field(default_factory=NoteRules)
    source: str = field(default="<defaults>", compare=False)


# --- parsing -------------------------------------------------------------------------------


def _line_map(text: str) -> dict[tuple[str, ...], int]:
    """Map each key path in the YAML document to its 1-based line, for error messages."""
    lines: dict[tuple[str, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = (*path, str(key_node.value))
                lines[child] = key_node.start_mark.line + 1
                walk(value_node, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, str(index))
                lines[child] = item.start_mark.line + 1
                walk(item, child)

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, ())
    return lines


def _flatten(errors: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str]]:
    if isinstance(errors, Mapping):
        found = []
        for key, value in errors.items():
            # marshmallow reports Dict problems under "key"/"value"; they are not real fields.
            step = () if key in ("key", "value", "_schema") else (str(key),)
            found.extend(_flatten(value, path + step))
        return found
    if isinstance(errors, list | tuple):
        return [(path, message) for item in errors for _, message in _flatten(item, path)]
    return [(path, str(errors))]


def _locate(lines: Mapping[tuple[str, ...], int], path: tuple[str, ...]) -> int | None:
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def _error(source: str, problems: list[tuple[tuple[str, ...], str]], lines) -> ConfigError:
    rendered = []
    for path, message in problems:
        line = _locate(lines, path)
        where = f"line {line}, " if line else ""
        rendered.append(f"{source}: {where}{'.'.join(path) or '(top level)'}: {message}")
    # One line: the file, the line and the field of every problem.
    return ConfigError("invalid rules file: " + "; ".join(rendered))


def _build(data: Mapping[str, Any], source: str) -> Rules:
    tags = dict(data.get("tags", {}))
    escalation = dict(data.get("escalation", {}))
    priority = dict(data.get("priority", {}))
    routing = dict(data.get("routing", {}))
    replies = dict(data.get("replies", {}))
    # Lists become tuples and mappings read-only, so a loaded Rules cannot change.
    for section, key, freeze in (
        (tags, "signal_tags", tuple),
        (escalation, "levels", tuple),
        (escalation, "signals", tuple),
        (routing, "protected_group_ids", tuple),
        (priority, "by_level", _frozen),
        (priority, "by_signal", _frozen),
        (routing, "by_language", _frozen),
        (routing, "by_signal", _frozen),
    ):
        if key in section:
            section[key] = freeze(section[key])
    if "by_frustration" in priority:
        bands = sorted((band["at"], band["priority"]) for band in priority["by_frustration"])
        priority["by_frustration"] = tuple(bands)
    if "templates" in replies:
        replies["templates"] = _frozen(
            {lang: _frozen(keys) for lang, keys in replies["templates"].items()}
        )
    return Rules(
        tags=TagRules(**tags),
        escalation=EscalationRules(**escalation),
        priority=PriorityRules(**priority),
        routing=RoutingRules(**routing),
        trajectory=HistoryRules(**data.get("trajectory", {})),
        replies=ReplyRules(**replies),
        notes=NoteRules(**data.get("notes", {})),
        source=source,
    )


def parse_rules(text: str, source: str = "<rules>") -> Rules:
    """Parse and validate a YAML rules document; ConfigError names the line and field."""
    from helpdesk_empathy.decision.rules_schema import RulesSchema, check_templates

    try:
        lines = _line_map(text)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ConfigError(f"{source}: {where}not valid YAML: {error.problem}") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{source}: not valid YAML: {error}") from None
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ConfigError(f"{source}: line 1: the rules file must be a mapping of sections")
    try:
        loaded = RulesSchema().load(data)
    except ValidationError as error:
        raise _error(source, _flatten(error.messages), lines) from None
    problems = check_templates(loaded.get("replies", {}).get("templates", {}))
    if problems:
        raise _error(source, problems, lines)
    return _build(loaded, source)


@functools.cache
def _default_text() -> str:
    return resources.files(__package__).joinpath(DEFAULT_RULES_FILE).read_text("utf-8")


@functools.cache
def default_rules() -> Rules:
    """The shipped default rules (helpdesk_empathy/decision/default_rules.yaml)."""
    return parse_rules(_default_text(), source=DEFAULT_RULES_FILE)


def load_rules(settings: Settings) -> Rules:
    """Rules from settings.rules_path (or the shipped default), with settings overrides applied."""
    if settings.rules_path:
        try:
            with open(settings.rules_path, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as error:
            raise ConfigError(
                f"cannot read rules file {settings.rules_path!r}: {error.strerror}"
            ) from None
        rules = parse_rules(text, source=settings.rules_path)
    else:
        rules = default_rules()
    if settings.tag_prefix and settings.tag_prefix != DEFAULT_TAG_PREFIX:
        if not TAG_PART.match(settings.tag_prefix):
            raise ConfigError(
                f"HELPDESK_EMPATHY_TAG_PREFIX={settings.tag_prefix!r} is not a valid tag prefix: "
                "use lowercase letters, digits, '_' or '-', no spaces"
            )
        rules = replace(rules, tags=replace(rules.tags, prefix=settings.tag_prefix))
    if settings.escalation_group_id:
        routing = replace(rules.routing, default_group_id=str(settings.escalation_group_id))
        rules = replace(rules, routing=routing)
    return rules

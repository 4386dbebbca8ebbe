"""The admin rules file: shipped default, settings overrides, and clear validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpdesk_empathy.config import Settings
from helpdesk_empathy.decision.rules import Rules, default_rules, load_rules, parse_rules
from helpdesk_empathy.errors import ConfigError


def error_of(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_rules(text, source="my_rules.yaml")
    return str(caught.value)


def test_shipped_default_matches_the_documented_defaults():
    rules = default_rules()
    assert rules == Rules()
    assert rules.tags.marker_tag == "empathy_processed"
    assert rules.escalation.min_contact_number == 3
    assert set(rules.escalation.signals) == {
        "churn_threat",
        "legal_threat",
        "payment_dispute",
        "wants_human",
    }
    assert (rules.notes.mode, rules.notes.detail, rules.notes.language) == (
        "on_change",
        "short",
        "customer",
    )
    assert rules.routing.never_route_assigned is True


def test_empty_file_means_defaults():
    assert parse_rules("") == Rules()
    assert parse_rules("# nothing yet\n") == Rules()


def test_a_partial_file_keeps_defaults_for_the_rest():
    rules = parse_rules("escalation:\n  min_frustration: 55\n")
    assert rules.escalation.min_frustration == 55
    assert rules.escalation.min_contact_number == 3
    assert rules.tags == Rules().tags


def test_values_are_normalised():
    rules = parse_rules(
        "routing:\n"
        "  default_group_id: 360001\n"
        "  by_language: {fr: 360002}\n"
        "  protected_group_ids: [7, '8']\n"
        "priority:\n"
        "  by_frustration:\n"
        "    - {at: 90, priority: urgent}\n"
        "    - {at: 40, priority: normal}\n"
    )
    assert rules.routing.default_group_id == "360001"
    assert rules.routing.by_language["fr"] == "360002"
    assert rules.routing.protected_group_ids == ("7", "8")
    assert rules.priority.by_frustration == ((40, "normal"), (90, "urgent"))
    with pytest.raises(TypeError):
        rules.routing.by_language["en"] = "1"  # frozen


def test_errors_name_the_file_line_and_field():
    message = error_of(
        "version: 1\n"
        "tags:\n"
        "  prefix: Empathy Tags\n"
        "escalation:\n"
        "  min_frustration: 170\n"
        "  levelz: []\n"
        "priority:\n"
        "  by_level:\n"
        "    angry: high\n"
        "  by_frustration:\n"
        "    - {at: 50, priority: critical}\n"
    )
    assert "my_rules.yaml: line 3, tags.prefix: must be a valid Zendesk tag part" in message
    assert "line 5, escalation.min_frustration: Must be greater than or equal to 0" in message
    assert "line 6, escalation.levelz: Unknown field." in message
    assert "line 9, priority.by_level.angry: Must be one of: very_negative" in message
    assert "line 11, priority.by_frustration.0.priority: Must be one of: low, normal" in message


@pytest.mark.parametrize(
    "text, expected",
    [
        ("version: 2\n", "line 1, version: Must be one of: 1"),
        ("tagz:\n  prefix: x\n", "line 1, tagz: Unknown field."),
        ("tags:\n  signal_tags: [shouting, grumpy]\n", "line 2, tags.signal_tags.1: Must be one"),
        ("escalation:\n  min_frustration: 'high'\n", "escalation.min_frustration: Not a valid"),
        ("escalation:\n  min_frustration: 70.5\n", "escalation.min_frustration: Not a valid"),
        ("escalation:\n  min_contact_number: 1\n", "min_contact_number: Must be greater"),
        ("priority:\n  by_signal: {legal_threat: asap}\n", "priority.by_signal.legal_threat:"),
        ("priority:\n  by_frustration:\n    - {at: 50}\n", "line 3, priority.by_frustration.0"),
        ("routing:\n  default_group_id: 'group one'\n", "line 2, routing.default_group_id:"),
        ("routing:\n  by_language: {de: '1'}\n", "line 2, routing.by_language.de: Must be one"),
        ("routing:\n  never_route_assigned: maybe\n", "routing.never_route_assigned: Not a"),
        ("trajectory:\n  min_points: 5\n  keep: 3\n", "trajectory.keep: must be at least"),
        ("replies:\n  templates:\n    en:\n      hello: 'Hi'\n", "replies.templates.en.hello"),
        ("replies:\n  templates:\n    es:\n      angry: 'Hola'\n", "replies.templates.es: Must"),
    ],
)
def test_each_mistake_gets_a_precise_message(text, expected):
    assert expected in error_of(text)


def test_yaml_syntax_errors_give_line_and_column():
    message = error_of("tags:\n  prefix: [empathy\nescalation: {}\n")
    assert message.startswith("my_rules.yaml: line ")
    assert "not valid YAML" in message


def test_a_list_instead_of_sections_is_rejected():
    assert "must be a mapping of sections" in error_of("- tags\n- escalation\n")


def test_template_that_pretends_to_share_feelings_is_rejected_at_start_up():
    message = error_of(
        "replies:\n  templates:\n    fr:\n"
        "      angry: 'Je comprends parfaitement ce que vous ressentez, {{ first_name }}.'\n"
    )
    assert (
        "line 4, replies.templates.fr.angry: reply template pretends to share feelings" in message
    )


def test_template_that_promises_a_refund_is_rejected():
    message = error_of(
        "replies:\n  templates:\n    en:\n      neutral: 'We will refund you today.'\n"
    )
    assert "line 4, replies.templates.en.neutral: reply template makes a promise" in message


def test_load_rules_without_a_path_uses_the_shipped_default():
    assert load_rules(Settings()) == default_rules()


def test_load_rules_reads_the_file(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("escalation:\n  min_frustration: 40\n", encoding="utf-8")
    rules = load_rules(Settings(rules_path=str(path)))
    assert rules.escalation.min_frustration == 40
    assert rules.source == str(path)


def test_load_rules_errors_name_the_file(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("escalation:\n  min_frustration: -1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"{path}: line 2, escalation.min_frustration"):
        load_rules(Settings(rules_path=str(path)))
    with pytest.raises(ConfigError, match="cannot read rules file"):
        load_rules(Settings(rules_path=str(tmp_path / "missing.yaml")))


def test_settings_override_the_file(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("tags:\n  prefix: feel\nrouting:\n  default_group_id: '1'\n", encoding="utf-8")
    from_file = load_rules(Settings(rules_path=str(path)))
    assert (from_file.tags.prefix, from_file.routing.default_group_id) == ("feel", "1")
    overridden = load_rules(
        Settings(rules_path=str(path), tag_prefix="cx", escalation_group_id="999")
    )
    assert overridden.tags.prefix == "cx"
    assert overridden.tags.marker_tag == "cx_processed"
    assert overridden.routing.default_group_id == "999"


def test_invalid_tag_prefix_from_settings_is_rejected():
    with pytest.raises(ConfigError, match="TAG_PREFIX"):
        load_rules(Settings(tag_prefix="My Prefix"))


def test_the_documented_example_in_docs_is_valid():
    # docs/rules.md embeds a complete example; it must stay valid.
    text = (Path(__file__).parents[2] / "docs" / "rules.md").read_text("utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    rules = parse_rules(example, source="docs/rules.md")
    assert rules.routing.by_language["fr"]
    assert rules.replies.templates["en"]["greeting"]


@pytest.mark.parametrize(
    "text, where",
    [
        ("notes:\n  mode: sometimes\n", "line 2, notes.mode"),
        ("notes:\n  detail: medium\n", "line 2, notes.detail"),
        ("notes:\n  language: de\n", "line 2, notes.language"),
        ("notes:\n  colour: red\n", "line 2, notes.colour"),
    ],
)
def test_bad_notes_settings_name_the_line_and_field(text, where):
    with pytest.raises(ConfigError) as error:
        parse_rules(text, "my_rules.yaml")
    assert f"my_rules.yaml: {where}" in str(error.value)
    assert "\n" not in str(error.value)  # one line


def test_notes_settings_parse():
    rules = parse_rules("notes:\n  mode: escalation_only\n  detail: full\n  language: fr\n")
    assert (rules.notes.mode, rules.notes.detail, rules.notes.language) == (
        "escalation_only",
        "full",
        "fr",
    )

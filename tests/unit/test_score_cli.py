"""`helpdesk-empathy score`: JSON lines in, one JSON line out per input, in order."""

from __future__ import annotations

import io
import json

from helpdesk_empathy.cli import main


def _run(monkeypatch, lines: list[str]) -> list[dict]:
    stdout = io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    monkeypatch.setattr("sys.stdout", stdout)
    assert main(["score"]) == 0
    return [json.loads(line) for line in stdout.getvalue().splitlines()]


def test_score_writes_one_line_per_input_in_order(monkeypatch) -> None:
    out = _run(
        monkeypatch,
        [
            json.dumps({"id": 1, "text": "Thank you, that fixed it!"}),
            "",
            json.dumps(
                {"id": "b", "text": "THIRD TIME ASKING. My lawyer will call. Cancel my account!!"}
            ),
            json.dumps({"id": 3, "text": "Toujours pas reçu mon colis, personne ne répond."}),
        ],
    )
    assert [row["id"] for row in out] == [1, "b", 3]
    first, angry, french = out
    assert set(first) == {"id", "language", "sentiment", "level", "frustration", "signals",
                          "escalate", "truncated", "evidence"}  # fmt: skip
    assert first["level"] in ("positive", "very_positive") and first["escalate"] is False
    assert angry["escalate"] is True
    assert {"legal_threat", "churn_threat", "repeat_contact"} <= set(angry["signals"])
    assert angry["frustration"] > first["frustration"]
    assert french["language"] == "fr" and french["sentiment"] < 0


def test_score_lists_evidence_with_offsets_into_the_input_text(monkeypatch) -> None:
    text = "Bonjour,\nJ’ai été débité deux fois et personne ne répond !!"
    (row,) = _run(monkeypatch, [json.dumps({"id": 1, "text": text})])
    assert row["evidence"], row
    for item in row["evidence"]:
        assert set(item) == {"signal", "quote", "start", "end"}
        assert text[item["start"] : item["end"]] == item["quote"]
    signals = {item["signal"] for item in row["evidence"]}
    assert {"billing", "ignored", "exclamations"} <= signals
    billing = next(item for item in row["evidence"] if item["signal"] == "billing")
    assert billing["quote"] == "débité deux fois"


def test_bad_lines_get_an_error_and_processing_continues(monkeypatch) -> None:
    out = _run(
        monkeypatch,
        [
            "{not json",
            json.dumps({"id": 7}),
            json.dumps([1, 2]),
            json.dumps({"id": 8, "text": "ok"}),
        ],
    )
    assert out[0]["id"] is None and "error" in out[0]
    assert out[1]["id"] == 7 and "error" in out[1]
    assert out[2]["id"] is None and "error" in out[2]
    assert out[3]["id"] == 8 and "error" not in out[3]


def test_score_marks_another_language_unknown(monkeypatch) -> None:
    text = "Hola, mi pedido no ha llegado todavía y nadie contesta!!"
    (row,) = _run(monkeypatch, [json.dumps({"id": 1, "text": text, "contact_count": 1})])
    assert row["language"] == "other" and row["level"] == "unknown"
    assert row["sentiment"] == 0.0 and row["escalate"] is False
    assert set(row["signals"]) == {"exclamations", "repeat_contact"}

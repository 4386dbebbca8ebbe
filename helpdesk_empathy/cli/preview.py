"""`helpdesk-empathy preview`: print the decision and note the worker would write for a message."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any

from helpdesk_empathy import config
from helpdesk_empathy.decision.policy import decide
from helpdesk_empathy.decision.rules import Rules, load_rules
from helpdesk_empathy.decision.trajectory import Trajectory, assess
from helpdesk_empathy.errors import ConfigError
from helpdesk_empathy.models import Analysis, Decision, TicketEvent

Analyzer = Callable[..., Analysis]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "preview",
        help="show the tags, priority, routing and note for a message (no helpdesk needed)",
        description="Score a message as the worker would and print exactly what it would write.",
    )
    parser.add_argument("message", nargs="?", help="the customer's latest message")
    parser.add_argument(
        "--thread",
        metavar="FILE",
        help='a whole ticket as JSON: {"ticket": {...}, "messages": [{"author", "text"}]}; '
        "each customer message goes through the worker's code with a throwaway Redis",
    )
    parser.add_argument(
        "--history",
        action="append",
        default=[],
        metavar="TEXT",
        help="an earlier customer message on the ticket, oldest first (repeatable)",
    )
    parser.add_argument("--name", help="requester's name, e.g. 'Marie Dupont'")
    parser.add_argument("--subject", help="ticket subject")
    parser.add_argument(
        "--contact-count",
        type=int,
        default=0,
        metavar="N",
        help="other recent tickets by this requester (as the worker counts them)",
    )
    parser.add_argument("--language", choices=("en", "fr"), help="skip language detection")
    parser.add_argument(
        "--priority",
        choices=("low", "normal", "high", "urgent"),
        help="the ticket's current priority (priority is only ever raised)",
    )
    parser.add_argument("--group", metavar="ID", help="the ticket's current group id")
    parser.add_argument(
        "--assigned",
        action="store_true",
        help="the ticket already has an assignee (a person owns it)",
    )
    parser.add_argument("--rules", metavar="PATH", help="rules file (default: settings / shipped)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def build_preview(
    message: str,
    *,
    rules: Rules,
    analyze: Analyzer,
    history: Sequence[str] = (),
    name: str | None = None,
    subject: str | None = None,
    contact_count: int = 0,
    language: str | None = None,
    priority: str | None = None,
    group_id: str | None = None,
    assigned: bool = False,
) -> tuple[Analysis, Trajectory, Decision]:
    """Analyse history + message, assess the trajectory and decide, as the worker does."""
    earlier = [analyze(text, contact_count=contact_count, language=language) for text in history]
    analysis = analyze(message, contact_count=contact_count, language=language)
    points = [(item.compound, item.frustration) for item in (*earlier, analysis)]
    trajectory = assess(points, rules.trajectory)
    event = TicketEvent(
        helpdesk="preview",
        event_id="preview",
        ticket_id="preview",
        text=message,
        requester_name=name,
        subject=subject,
        priority=priority,
        group_id=group_id,
        assignee_id="preview-assignee" if assigned else None,
    )
    return analysis, trajectory, decide(analysis, event, rules, trajectory=trajectory)


def as_json(analysis: Analysis, trajectory: Trajectory, decision: Decision) -> dict[str, Any]:
    return {
        "decision": asdict(decision),
        "analysis": asdict(analysis),
        "trajectory": asdict(trajectory),
    }


def evidence_lines(analysis: Analysis) -> list[str]:
    """Where each signal fired: the signal, the customer's words and their offsets."""
    return [
        f"    - {item.signal}: \u201c{item.quote}\u201d [{item.start}:{item.end}]"
        for item in analysis.evidence
    ] or ["    - none"]


def as_text(decision: Decision, analysis: Analysis | None = None) -> str:
    priority = f"at least {decision.min_priority}" if decision.min_priority else "unchanged"
    route = f"group {decision.route_group_id}" if decision.route_group_id else "unchanged"
    lines = [
        "Decision",
        f"  escalate: {'yes' if decision.escalate else 'no'}",
        f"  tags:     {', '.join(decision.add_tags)}",
        f"  priority: {priority}",
        f"  route to: {route}",
        "  reasons:",
        *[f"    - {reason}" for reason in decision.reasons],
        *(["  evidence:", *evidence_lines(analysis)] if analysis is not None else []),
        "",
        "Internal note (exactly as the worker posts it, public: false)",
        "=" * 60,
        decision.note,
        "=" * 60,
    ]
    return "\n".join(lines)


def thread_as_text(results: list[dict]) -> str:
    """Per customer message: the scores, what changed, and the note if one was posted."""
    lines = []
    for result in results:
        signals = ", ".join(result["signals"]) or "-"
        lines.append(
            f"== message {result['message']}: {result['level']}, frustration "
            f"{result['frustration']}, signals {signals}, escalate "
            f"{'yes' if result['escalate'] else 'no'}"
        )
        changes = [f"+{tag}" for tag in result["tags_added"]]
        changes += [f"-{tag}" for tag in result["tags_removed"]]
        if result["priority"]:
            changes.append(f"priority -> {result['priority']}")
        if result["group_id"]:
            changes.append(f"group -> {result['group_id']}")
        lines.append(f"   changes: {', '.join(changes) or 'none'}")
        fields = ", ".join(f"{key}={value}" for key, value in result["fields"].items())
        lines.append(f"   fields: {fields}")
        if result["note"]:
            lines += ["   note:", *[f"   | {line}" for line in result["note"].splitlines()]]
        else:
            lines.append("   note: none (nothing changed)")
    noted = sum(1 for result in results if result["note"])
    lines.append(f"{noted} note(s) for {len(results)} customer message(s)")
    return "\n".join(lines)


def run_thread(args: argparse.Namespace, settings: config.Settings, rules: Rules) -> int:
    from helpdesk_empathy.cli.thread_file import load_thread
    from helpdesk_empathy.dev.thread_preview import run_thread as run_through_worker

    results = run_through_worker(load_thread(args.thread), rules, settings)
    if args.json:
        for result in results:
            print(json.dumps(result, ensure_ascii=False))
    else:
        print(thread_as_text(results))
    return 0


def run(args: argparse.Namespace) -> int:
    settings = config.from_env()
    if args.rules:
        settings = settings.with_overrides(rules_path=args.rules)
    rules = load_rules(settings)  # a bad rules file fails here, with its line and field
    if args.thread:
        if args.message:
            raise ConfigError("preview: give either a message or --thread FILE, not both")
        return run_thread(args, settings, rules)
    if not args.message:
        raise ConfigError("preview: give a message, or --thread FILE")
    from helpdesk_empathy.analysis import analyze

    analysis, trajectory, decision = build_preview(
        args.message,
        rules=rules,
        analyze=analyze,
        history=args.history,
        name=args.name,
        subject=args.subject,
        contact_count=args.contact_count,
        language=args.language,
        priority=args.priority,
        group_id=args.group,
        assigned=args.assigned,
    )
    if args.json:
        print(json.dumps(as_json(analysis, trajectory, decision), ensure_ascii=False, indent=2))
    else:
        print(as_text(decision, analysis))
    return 0

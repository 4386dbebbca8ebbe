"""Dashboard aggregates in Redis: per-day and per-hour counters, scores and signals only."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import redis

from helpdesk_empathy import keys
from helpdesk_empathy.models import LEVELS
from helpdesk_empathy.pipeline.marks import first_sights

log = logging.getLogger(__name__)

PREFIX = keys.AGGREGATES
SEEN_PREFIX = keys.AGGREGATES_SEEN
NEGATIVE_LEVELS = ("very_negative", "negative")
HIGH_FRUSTRATION = 60  # frustration at or above this counts as "high" on the trend chart
# Topic tags are free-form: cap what one ticket and one day can add, so memory stays bounded.
MAX_TAGS_PER_RECORD = 20
MAX_TAG_LENGTH = 60
MAX_FIELDS_PER_DAY = 600  # levels and signals need under 100; the rest is room for tags
LIVE_DEDUPE_SECONDS = 2 * 86400
# Languages the dashboard breaks down by; anything else counts as "other" (bounded fields).
LANGUAGES = ("en", "fr", "other")
# Distinct tickets per bucket (HyperLogLog: ~12 kB at most each, ~0.8% error).
TICKETS_PREFIX = keys.AGGREGATES + "tickets:"


@dataclass(frozen=True)
class Granularity:
    name: str  # "day" | "hour"
    seconds: int
    retention_seconds: int
    detailed: bool  # signals and tags too (days only: hours keep the small counters)

    def bucket(self, at: float) -> str:
        # Days and hours start on multiples of their length in UTC epoch seconds, so a batch's
        # records share a handful of starts: format each once.
        return _bucket_label(self.name, int(at // self.seconds) * self.seconds)

    def key(self, bucket: str) -> str:
        return f"{PREFIX}{self.name}:{bucket}"

    def buckets_until(self, now: float, count: int) -> list[str]:
        """The `count` bucket labels ending with the one holding `now`, oldest first."""
        end = datetime.fromtimestamp(now, UTC)
        step = timedelta(seconds=self.seconds)
        return [
            self.bucket((end - step * offset).timestamp()) for offset in range(count - 1, -1, -1)
        ]


@lru_cache(maxsize=512)
def _bucket_label(name: str, start: int) -> str:
    moment = datetime.fromtimestamp(start, UTC)
    return moment.strftime("%Y-%m-%d" if name == "day" else "%Y-%m-%dT%H")


DAY = Granularity("day", 86400, 90 * 86400, detailed=True)
HOUR = Granularity("hour", 3600, 8 * 86400, detailed=False)
GRANULARITIES = (DAY, HOUR)


def clean_tag(tag: str) -> str | None:
    tag = str(tag).strip().lower()
    if not tag or len(tag) > MAX_TAG_LENGTH or any(ch in tag for ch in " \t\n|"):
        return None
    return tag


def record_fields(
    record: Mapping, *, detailed: bool, topic_tags: Iterable[str] = ()
) -> dict[str, int]:
    """Pure: which hash fields one audit record increments, and by how much."""
    level = record.get("level")
    if level not in LEVELS:
        return {}
    fields: dict[str, int] = {"n": 1, f"level:{level}": 1}
    language = record.get("language")
    language = language if language in LANGUAGES else "other"
    fields[f"lang:{language}"] = 1
    frustration = int(record.get("frustration") or 0)
    fields["frustration_sum"] = frustration
    if frustration >= HIGH_FRUSTRATION:
        fields["frustration_high"] = 1
    if record.get("escalate"):
        fields["escalations"] = 1
    negative = level in NEGATIVE_LEVELS
    if negative:
        fields["negative"] = 1
        fields[f"lang:{language}:negative"] = 1
    if not detailed:
        return fields
    for name in sorted(set(record.get("signals") or ())):
        fields[f"sig:{name}"] = 1
        fields[f"sig:{name}:{level}"] = 1
    if negative:
        tags = {clean_tag(t) for t in list(topic_tags)[:MAX_TAGS_PER_RECORD]}
        for tag in sorted(t for t in tags if t):
            fields[f"tag:{tag}"] = 1
    return fields


def record(
    connection: redis.Redis,
    audit: Mapping,
    *,
    topic_tags: Iterable[str] = (),
    dedupe_id: str | None = None,
    dedupe_seconds: int = LIVE_DEDUPE_SECONDS,
    ignore_prefix: str = "",
    now: float | None = None,
) -> bool:
    """Count one scored message in its day and hour buckets; False if already counted.

    `topic_tags` are the ticket's own tags (its topics), counted only for negative messages;
    tags starting with `ignore_prefix` (our own, e.g. "empathy") are not topics.
    Never raises on Redis errors: the dashboard is not worth failing a write-back for.
    """
    [counted] = record_many(
        connection,
        [(audit, tuple(topic_tags), dedupe_id)],
        dedupe_seconds=dedupe_seconds,
        ignore_prefix=ignore_prefix,
        now=now,
    )
    return counted


def record_many(
    connection: redis.Redis,
    items: Iterable[tuple[Mapping, Iterable[str], str | None]],
    *,
    dedupe_seconds: int = LIVE_DEDUPE_SECONDS,
    ignore_prefix: str = "",
    now: float | None = None,
) -> list[bool]:
    """record() for many (audit, topic tags, dedupe id) at once, in three round trips."""
    items = list(items)
    now = time.time() if now is None else now
    try:
        seen_keys = [
            SEEN_PREFIX + (dedupe_id or f"{audit.get('helpdesk', '')}:{audit.get('event_id', '')}")
            for audit, _, dedupe_id in items
        ]
        fresh = first_sights(connection, seen_keys, dedupe_seconds)
        counted = [
            (audit, _topics(tags, ignore_prefix))
            for (audit, tags, _), ok in zip(items, fresh, strict=True)
            if ok
        ]
        day_keys = {DAY.key(DAY.bucket(float(a.get("at") or 0))) for a, tags in counted if tags}
        with connection.pipeline(transaction=False) as pipe:
            for key in day_keys:
                pipe.hlen(key)
            day_fields = dict(zip(day_keys, pipe.execute(), strict=True))
        totals: dict[str, dict[str, int]] = {}
        expiry: dict[str, int] = {}
        for audit, tags in counted:
            at = float(audit.get("at") or 0)
            for granularity in GRANULARITIES:
                expires_at = int(at) + granularity.retention_seconds
                if expires_at <= now:
                    continue  # e.g. a backfilled ticket older than the hour buckets keep
                key = granularity.key(granularity.bucket(at))
                fields = record_fields(audit, detailed=granularity.detailed, topic_tags=tags)
                if day_fields.get(key, 0) >= MAX_FIELDS_PER_DAY:
                    # A full day counts no more tags (levels and signals still count).
                    fields = {k: v for k, v in fields.items() if not k.startswith("tag:")}
                bucket = totals.setdefault(key, {})
                for field, amount in fields.items():
                    bucket[field] = bucket.get(field, 0) + amount
                # Each bucket lives `retention` past its own time, so memory stays bounded.
                expiry[key] = max(expiry.get(key, 0), expires_at)
        with connection.pipeline(transaction=False) as pipe:
            for key, fields in totals.items():
                for field, amount in fields.items():
                    pipe.hincrby(key, field, amount)
                pipe.expireat(key, expiry[key])
            for key, (members, expires_at) in ticket_members(a for a, _ in counted).items():
                if expires_at > now:
                    pipe.pfadd(key, *members)
                    pipe.expireat(key, expires_at)
            pipe.execute()
    except redis.RedisError as error:
        log.warning("could not update dashboard aggregates: %s", type(error).__name__)
        return [False] * len(items)
    return fresh


def tickets_key(granularity: Granularity, bucket: str, *, escalated: bool = False) -> str:
    return f"{TICKETS_PREFIX}{'escalated:' if escalated else ''}{granularity.name}:{bucket}"


def ticket_members(audits: Iterable[Mapping]) -> dict[str, tuple[set[str], int]]:
    """Pure: per distinct-ticket key, the tickets to add and when the key expires."""
    keys: dict[str, tuple[set[str], int]] = {}
    for audit in audits:
        if not audit.get("ticket_id"):
            continue
        member = f"{audit.get('helpdesk', '')}:{audit['ticket_id']}"
        at = float(audit.get("at") or 0)
        for granularity in GRANULARITIES:
            bucket = granularity.bucket(at)
            expires_at = int(at) + granularity.retention_seconds
            for escalated in (False, True) if audit.get("escalate") else (False,):
                key = tickets_key(granularity, bucket, escalated=escalated)
                keys.setdefault(key, (set(), expires_at))[0].add(member)
    return keys


def count_tickets(
    connection: redis.Redis, granularity: Granularity, buckets: list[str]
) -> dict[str, int]:
    """Distinct tickets over the buckets, all and escalated (HyperLogLog union, approximate)."""
    with connection.pipeline(transaction=False) as pipe:
        for escalated in (False, True):
            pipe.pfcount(*(tickets_key(granularity, b, escalated=escalated) for b in buckets))
        tickets, escalated = pipe.execute()
    return {"tickets": int(tickets), "escalated_tickets": int(escalated)}


def _topics(tags: Iterable[str], ignore_prefix: str) -> tuple[str, ...]:
    return tuple(t for t in tags if not (ignore_prefix and str(t).startswith(ignore_prefix)))


def read_buckets(
    connection: redis.Redis, granularity: Granularity, *, now: float, count: int
) -> list[tuple[str, dict[str, int]]]:
    """The last `count` buckets (oldest first), empty ones included."""
    labels = granularity.buckets_until(now, count)
    with connection.pipeline(transaction=False) as pipe:
        for label in labels:
            pipe.hgetall(granularity.key(label))
        raw = pipe.execute()
    return [
        (label, {k.decode(): int(v) for k, v in values.items()})
        for label, values in zip(labels, raw, strict=True)
    ]


def summarize(buckets: list[tuple[str, dict[str, int]]], *, top: int = 10) -> dict:
    """Pure: the dashboard's series and rankings from a run of buckets."""
    levels = {level: [b.get(f"level:{level}", 0) for _, b in buckets] for level in LEVELS}
    counts = [b.get("n", 0) for _, b in buckets]
    frustration_avg = [
        round(b.get("frustration_sum", 0) / b["n"], 1) if b.get("n") else None for _, b in buckets
    ]
    signals: dict[str, dict[str, int]] = {}
    tags: dict[str, int] = {}
    for _, bucket in buckets:
        for field, value in bucket.items():
            parts = field.split(":")
            if parts[0] == "sig" and len(parts) == 3:
                per_level = signals.setdefault(parts[1], {})
                per_level[parts[2]] = per_level.get(parts[2], 0) + value
            elif parts[0] == "tag" and len(parts) == 2:
                tags[parts[1]] = tags.get(parts[1], 0) + value
    signal_rows = []
    for name, per_level in signals.items():
        total = sum(per_level.values())
        negative = sum(per_level.get(level, 0) for level in NEGATIVE_LEVELS)
        signal_rows.append({"signal": name, "negative": negative, "total": total})
    signal_rows.sort(key=lambda row: (-row["negative"], -row["total"], row["signal"]))
    tag_rows = [{"tag": t, "negative": n} for t, n in tags.items()]
    tag_rows.sort(key=lambda row: (-row["negative"], row["tag"]))
    total = sum(counts)
    negative_total = sum(b.get("negative", 0) for _, b in buckets)
    languages = [
        {
            "language": code,
            "total": sum(b.get(f"lang:{code}", 0) for _, b in buckets),
            "negative": sum(b.get(f"lang:{code}:negative", 0) for _, b in buckets),
        }
        for code in LANGUAGES
    ]
    return {
        "buckets": [label for label, _ in buckets],
        "counts": counts,
        "levels": levels,
        "frustration_avg": frustration_avg,
        "frustration_high": [b.get("frustration_high", 0) for _, b in buckets],
        "escalations": [b.get("escalations", 0) for _, b in buckets],
        "negative_signals": [row for row in signal_rows if row["negative"]][:top],
        "negative_tags": tag_rows[:top],
        "languages": [row for row in languages if row["total"]],
        "totals": {
            "messages": total,
            "negative": negative_total,
            "escalations": sum(b.get("escalations", 0) for _, b in buckets),
        },
    }

"""Dashboard aggregates: what one record counts, bounded memory, and the summary read back."""

import time
from datetime import UTC, datetime

from helpdesk_empathy.ops import aggregates
from helpdesk_empathy.ops.aggregates import DAY, HOUR

# Yesterday 12:30 UTC: recent enough that the real Redis does not expire the buckets at once.
NOON = (int(time.time()) // 86400 - 1) * 86400 + 12 * 3600 + 1800
TODAY = datetime.fromtimestamp(NOON, UTC).strftime("%Y-%m-%d")
EARLIER = [datetime.fromtimestamp(NOON - d * 86400, UTC).strftime("%Y-%m-%d") for d in (2, 1)]


def rec(level="negative", *, at=NOON, frustration=70, signals=("delay",), escalate=False, n=1):
    return {
        "at": at,
        "helpdesk": "zendesk",
        "event_id": f"ev-{level}-{at}-{n}",
        "level": level,
        "frustration": frustration,
        "signals": list(signals),
        "escalate": escalate,
    }


def test_bucket_labels_are_utc_and_end_with_now():
    at = datetime(2026, 5, 3, 12, 30, tzinfo=UTC).timestamp()
    assert DAY.bucket(at) == "2026-05-03"
    assert HOUR.bucket(at) == "2026-05-03T12"
    assert DAY.buckets_until(at, 3) == ["2026-05-01", "2026-05-02", "2026-05-03"]
    assert HOUR.buckets_until(at, 2) == ["2026-05-03T11", "2026-05-03T12"]


def test_record_fields_count_level_signals_and_negative_topics():
    fields = aggregates.record_fields(
        rec("very_negative", signals=("delay", "churn_threat", "delay"), escalate=True),
        detailed=True,
        topic_tags=["Shipping", "vip", "has space"],
    )
    assert fields["n"] == 1
    assert fields["level:very_negative"] == 1
    assert fields["frustration_sum"] == 70
    assert fields["frustration_high"] == 1
    assert fields["escalations"] == 1
    assert fields["negative"] == 1
    assert fields["sig:delay"] == 1 and fields["sig:delay:very_negative"] == 1
    assert fields["sig:churn_threat:very_negative"] == 1
    assert fields["tag:shipping"] == 1 and fields["tag:vip"] == 1
    assert not any("has space" in f for f in fields)


def test_positive_messages_count_no_topics_and_hours_keep_small_counters():
    positive = aggregates.record_fields(
        rec("positive", frustration=5), detailed=True, topic_tags=["x"]
    )
    assert "tag:x" not in positive and "negative" not in positive
    assert "frustration_high" not in positive
    hourly = aggregates.record_fields(rec(), detailed=False, topic_tags=["x"])
    assert not any(f.startswith(("sig:", "tag:")) for f in hourly)
    assert aggregates.record_fields({"level": "furious"}, detailed=True) == {}


def test_record_writes_day_and_hour_buckets_once_per_event(redis_client):
    record = rec(escalate=True)
    assert aggregates.record(redis_client, record, topic_tags=["billing"], now=NOON)
    # A retried job records the same event again: it must not count twice.
    assert not aggregates.record(redis_client, record, topic_tags=["billing"], now=NOON)
    day = redis_client.hgetall(DAY.key(TODAY))
    hour = redis_client.hgetall(HOUR.key(TODAY + "T12"))
    assert day[b"n"] == b"1" and day[b"escalations"] == b"1" and day[b"tag:billing"] == b"1"
    assert hour[b"n"] == b"1" and b"tag:billing" not in hour


def test_buckets_expire_after_their_retention(redis_client):
    aggregates.record(redis_client, rec(), now=NOON)
    now = time.time()
    day_ttl = redis_client.ttl(DAY.key(TODAY))
    hour_ttl = redis_client.ttl(HOUR.key(TODAY + "T12"))
    assert abs(day_ttl - (NOON + DAY.retention_seconds - now)) <= 2
    assert abs(hour_ttl - (NOON + HOUR.retention_seconds - now)) <= 2


def test_an_old_record_skips_buckets_already_past_retention(redis_client):
    old = NOON - 30 * 86400  # e.g. a backfilled ticket: hour buckets keep only 8 days
    aggregates.record(redis_client, rec(at=old), now=NOON)
    assert redis_client.exists(DAY.key(DAY.bucket(old)))
    assert not redis_client.exists(HOUR.key(HOUR.bucket(old)))


def test_our_own_tags_are_not_topics(redis_client):
    aggregates.record(
        redis_client,
        rec(),
        topic_tags=["empathy_negative", "refund"],
        ignore_prefix="empathy",
        now=NOON,
    )
    day = redis_client.hgetall(DAY.key(TODAY))
    assert b"tag:refund" in day and b"tag:empathy_negative" not in day


def test_a_day_stops_growing_new_tag_fields_at_the_cap(redis_client, monkeypatch):
    monkeypatch.setattr(aggregates, "MAX_FIELDS_PER_DAY", 20)
    for index in range(40):
        aggregates.record(redis_client, rec(n=index), topic_tags=[f"topic{index}"], now=NOON)
    day = redis_client.hgetall(DAY.key(TODAY))
    assert len(day) <= 20 + 10  # cap plus the fields of the record that crossed it
    assert day[b"n"] == b"40"  # levels keep counting once tags stop


def test_summary_of_buckets_read_back(redis_client):
    aggregates.record(
        redis_client,
        rec("very_negative", signals=("churn_threat",), escalate=True, n=1),
        topic_tags=["billing"],
        now=NOON,
    )
    aggregates.record(
        redis_client,
        rec("negative", frustration=30, signals=("delay",), n=2),
        topic_tags=["shipping", "billing"],
        now=NOON,
    )
    aggregates.record(
        redis_client,
        rec("positive", frustration=0, signals=("delay", "gratitude"), n=3),
        topic_tags=["shipping"],
        now=NOON,
    )
    yesterday = NOON - 86400
    aggregates.record(
        redis_client, rec("neutral", at=yesterday, frustration=10, signals=()), now=NOON
    )

    buckets = aggregates.read_buckets(redis_client, DAY, now=NOON, count=3)
    summary = aggregates.summarize(buckets)
    assert summary["buckets"] == [*EARLIER, TODAY]
    assert summary["counts"] == [0, 1, 3]
    assert summary["levels"]["very_negative"] == [0, 0, 1]
    assert summary["levels"]["neutral"] == [0, 1, 0]
    assert summary["frustration_avg"] == [None, 10.0, round((70 + 30 + 0) / 3, 1)]
    assert summary["escalations"] == [0, 0, 1]
    assert summary["totals"] == {"messages": 4, "negative": 2, "escalations": 1}
    delay = next(r for r in summary["negative_signals"] if r["signal"] == "delay")
    assert delay == {"signal": "delay", "negative": 1, "total": 2}
    assert all(r["signal"] != "gratitude" for r in summary["negative_signals"])
    assert summary["negative_tags"][0] == {"tag": "billing", "negative": 2}
    assert {"tag": "shipping", "negative": 1} in summary["negative_tags"]

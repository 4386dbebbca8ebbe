"""A ticket's pending write after unanswered attempts: what is posted, and what is counted."""

from __future__ import annotations

from builders import decision, message_event

from helpdesk_empathy.pipeline.delivery.outbox import MAX_SENT, Pending, dumps, loads, merge


def pending(note: str, *, earlier: int = 0) -> Pending:
    return Pending(message_event(ticket_id="7"), decision(note=note), earlier_notes=earlier)


def test_an_unanswered_attempt_remembers_its_note_as_written_and_what_it_stood_for():
    sent = pending("Third.", earlier=2).possibly_sent()
    [(note, count)] = sent.sent
    assert note == sent.to_write().note and note.startswith("Third.")
    assert count == 3
    assert sent.possibly_sent() == sent  # the same attempt again is remembered once
    assert pending("").possibly_sent().sent == ()  # no note, nothing to look for


def test_a_posted_note_is_not_written_again_and_the_rest_of_the_write_stays():
    sent = pending("Only.").possibly_sent()
    left = sent.without_posted({sent.sent[0][0]})
    assert left.decision.note == "" and left.earlier_notes == 0 and left.sent == ()
    assert left.decision.add_tags == sent.decision.add_tags
    assert sent.without_posted(set()).to_write().note == sent.to_write().note  # not posted


def test_a_newer_note_no_longer_counts_what_an_earlier_posted_note_stood_for():
    # Messages 2 and 3 were sent as one note (3, counting 2) and may be on the ticket; 4 came.
    unsure = pending("Note 3.", earlier=1).possibly_sent()
    merged = merge(unsure, pending("Note 4."))
    assert merged.earlier_notes == 2  # 2 and 3, if that note was lost
    found = merged.without_posted({unsure.sent[0][0]})
    assert found.to_write().note == "Note 4."  # it was posted: 4 stands alone
    assert merged.without_posted(set()).earlier_notes == 2  # it was not: 4 counts them


def test_what_a_pending_write_remembers_survives_redis_and_stays_bounded():
    remembered = pending("A.")
    for n in range(MAX_SENT + 3):
        remembered = merge(remembered, pending(f"Note {n}.")).possibly_sent()
    assert len(remembered.sent) == MAX_SENT
    stored = loads(dumps(remembered))
    assert (stored.sent, stored.earlier_notes) == (remembered.sent, remembered.earlier_notes)
    assert stored.event.text == ""  # parked work keeps no customer text

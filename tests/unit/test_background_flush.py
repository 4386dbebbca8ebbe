"""The drain job's background writer: flushes off the job's thread, and never hides an error."""

from __future__ import annotations

import threading

import pytest

from helpdesk_empathy.errors import TransientHelpdeskError
from helpdesk_empathy.pipeline.delivery.background_flush import BackgroundFlush


class RecordingWriter:
    """Stands in for a Writer: records which thread flushed, and can fail."""

    def __init__(self, error: Exception | None = None):
        self.error = error
        self.threads: list[str] = []
        self.flushed = threading.Event()

    def flush(self) -> int:
        self.threads.append(threading.current_thread().name)
        self.flushed.set()
        if self.error:
            raise self.error
        return 0


def test_a_poke_flushes_on_the_background_thread():
    writer = RecordingWriter()
    with BackgroundFlush({"zendesk": writer}) as background:
        background.poke()
        assert writer.flushed.wait(5)
    assert writer.threads == ["writeback"]


def test_writers_added_after_start_are_flushed_too():
    writers: dict[str, RecordingWriter] = {}
    with BackgroundFlush(writers) as background:
        writers["zammad"] = RecordingWriter()
        background.poke()
        assert writers["zammad"].flushed.wait(5)


def test_a_failed_flush_fails_the_job_when_it_ends():
    writer = RecordingWriter(TransientHelpdeskError("helpdesk away"))
    with pytest.raises(TransientHelpdeskError), BackgroundFlush({"zendesk": writer}) as background:
        background.poke()
        assert writer.flushed.wait(5)


def test_a_failed_flush_stops_the_job_at_its_next_batch():
    writer = RecordingWriter(TransientHelpdeskError("helpdesk away"))
    background = BackgroundFlush({"zendesk": writer})
    with pytest.raises(TransientHelpdeskError), background:
        background.poke()
        writer.flushed.wait(5)
        background._thread.join(5)  # the thread ends after handing the error over
        background.poke()  # the job's next batch: raises here, not at the end
        pytest.fail("poke should have raised")


def test_the_thread_is_gone_after_the_job():
    background = BackgroundFlush({})
    with background:
        pass
    assert not background._thread.is_alive()

"""Write back in a background thread while the drain job goes on scoring the next batch.

A batch write waits on the helpdesk (and on Redis) for most of its time; in a thread that
wait overlaps with scoring instead of adding to it. Errors are handed to the job, which fails
and is retried like before: claimed work is given back to the outbox, so nothing is lost.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from helpdesk_empathy.pipeline.delivery.writer import Writer


class BackgroundFlush:
    def __init__(self, writers: Mapping[str, Writer]):
        self.writers = writers
        self._wake = threading.Event()
        self._stopping = False
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="writeback", daemon=True)

    def __enter__(self) -> BackgroundFlush:
        self._thread.start()
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        self._stopping = True
        self._wake.set()
        self._thread.join()
        if exc_type is None:
            self.raise_if_failed()

    def poke(self) -> None:
        """Something was parked: flush what is due (without waiting for it)."""
        self.raise_if_failed()
        self._wake.set()

    def raise_if_failed(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            if self._stopping:
                return
            try:
                # A snapshot: the job adds writers as it meets new helpdesks.
                for writer in list(self.writers.values()):
                    writer.flush()
            except BaseException as error:  # handed to the job thread, which re-raises it
                self._error = error
                return

"""The work listeners leave after their ack: it starts at once while requests come one at a time, and gives way to
a burst and a quiet moment after it, for a bounded time; work that must open a modal starts at once; the earliest
deadline goes first; a failing job neither stops the queue nor goes unnoticed; shutting down runs what is queued.

The queue runs on a manual monotonic clock: each check waits until the queue's threads all wait again, so it sees
everything the queue could do at that moment, and `advance` moves past a pause without sleeping."""

from __future__ import annotations

import logging
import threading

import pytest

from bot.core.clock import ManualMonotonic
from bot.serving.work_queue import WorkQueue


class Queue:
    """A work queue on a manual clock, and the names of the jobs it ran, in order."""

    def __init__(self, *, threads: int, defer: float, quiet: float = 0.0) -> None:
        self.clock = ManualMonotonic()
        self.work = WorkQueue(threads=threads, defer=defer, quiet=quiet, clock=self.clock)
        self.done: list[str] = []

    def submit(self, name: str, *, urgent: bool = False) -> None:
        self.work.submit(lambda: self.done.append(name), urgent=urgent)

    def ran(self, waiting: int = 1) -> list[str]:
        """What has run once `waiting` threads wait again: the queue can do no more until something changes."""
        assert self.clock.parked(waiting), f"not {waiting} threads waiting"
        return self.done


def test_during_a_burst_work_waits_until_it_is_over() -> None:
    queue = Queue(threads=2, defer=60.0, quiet=0.5)
    with queue.work.answering():
        with queue.work.answering():  # two requests open at once: a burst
            queue.submit("job")
            queue.clock.advance(30.0)
            assert queue.ran() == []  # queued, but it gives way while the burst lasts
        assert queue.ran() == []  # one request at a time again, after a quiet moment
        queue.clock.advance(0.5)
        assert queue.ran() == ["job"]  # it ran beside the request still open
    assert queue.work.shutdown(5)


def test_beside_requests_one_at_a_time_one_job_runs_and_more_once_they_stop() -> None:
    queue = Queue(threads=3, defer=60.0, quiet=0.5)
    started, release = threading.Semaphore(0), threading.Event()

    def job() -> None:
        started.release()
        release.wait(5)

    with queue.work.answering():
        for _ in range(3):
            queue.work.submit(job)
        assert started.acquire(timeout=5)
        assert queue.clock.parked(2)  # beside an open request, one job at a time: the other two wait
    assert queue.clock.parked(2) and not started.acquire(blocking=False)  # no requests: a quiet moment first
    queue.clock.advance(0.5)
    assert started.acquire(timeout=5) and started.acquire(timeout=5)  # then the others start too
    release.set()
    assert queue.work.shutdown(5)


def test_after_a_burst_work_waits_for_a_quiet_moment() -> None:
    queue = Queue(threads=1, defer=60.0, quiet=0.5)
    with queue.work.answering(), queue.work.answering():  # two requests open at once: a burst
        queue.submit("job")
    queue.clock.advance(0.25)
    assert queue.ran() == []  # a burst's next request may come in the moment between two
    queue.clock.advance(0.25)
    assert queue.ran() == ["job"]
    assert queue.work.shutdown(5)


def test_while_requests_come_one_at_a_time_work_starts_at_once() -> None:
    queue = Queue(threads=1, defer=60.0, quiet=60.0)
    with queue.work.answering():
        queue.submit("job")
        assert queue.ran() == ["job"]  # a lone request is no burst: its work need not wait for the next one
    assert queue.work.shutdown(5)


def test_without_requests_work_starts_at_once() -> None:
    queue = Queue(threads=1, defer=60.0, quiet=60.0)
    queue.submit("job")
    assert queue.ran() == ["job"]  # nothing is answered over HTTP in the console and in Socket Mode
    assert queue.work.shutdown(5)


def test_urgent_work_starts_while_requests_are_answered() -> None:
    queue = Queue(threads=2, defer=60.0, quiet=60.0)
    with queue.work.answering(), queue.work.answering():
        queue.submit("modal", urgent=True)
        assert queue.ran() == ["modal"]
    assert queue.work.shutdown(5)


def test_work_gives_way_no_longer_than_the_deferral() -> None:
    queue = Queue(threads=1, defer=0.5, quiet=60.0)
    with queue.work.answering(), queue.work.answering():
        queue.submit("job")
        queue.clock.advance(0.25)
        assert queue.ran() == []
        queue.clock.advance(0.25)
        assert queue.ran() == ["job"]  # the requests are still open, but the job's deadline has come
    assert queue.work.shutdown(5)


def test_the_earliest_deadline_goes_first_and_equal_deadlines_in_order() -> None:
    queue = Queue(threads=1, defer=60.0, quiet=0.5)
    with queue.work.answering(), queue.work.answering():
        for name in ("first", "second", "third"):
            queue.submit(name)
        queue.submit("modal", urgent=True)
        assert queue.ran() == ["modal"]  # the three deferred jobs still wait
        assert queue.work.wait_idle(0) is False
    queue.clock.advance(0.5)
    assert queue.work.wait_idle(5)
    assert queue.done == ["modal", "first", "second", "third"]
    assert queue.work.shutdown(5)


def test_many_jobs_queue_on_a_few_threads() -> None:
    queue = Queue(threads=3, defer=60.0, quiet=0.5)
    names = {threading.current_thread().name}
    lock = threading.Lock()

    def job() -> None:
        with lock:
            names.add(threading.current_thread().name)

    with queue.work.answering(), queue.work.answering():
        for _ in range(200):
            queue.work.submit(job)
    queue.clock.advance(0.5)
    assert queue.work.wait_idle(5)
    assert 2 <= len(names) <= 4  # this thread and at most three workers, not one thread per job
    assert queue.clock.parked(3)  # the three wait for more
    assert queue.work.shutdown(5)


def test_a_failing_job_is_logged_and_the_queue_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    queue = Queue(threads=1, defer=0.0)

    def fails() -> None:
        raise RuntimeError("boom")

    with caplog.at_level(logging.ERROR, logger="regiebot"):
        queue.work.submit(fails)
        queue.submit("next")
        assert queue.ran() == ["next"]
    assert any(record.message == "queued work failed" and record.exc_info for record in caplog.records)
    assert queue.work.shutdown(5)


def test_shutdown_runs_what_is_queued_and_then_refuses_more() -> None:
    queue = Queue(threads=2, defer=60.0, quiet=60.0)
    with queue.work.answering(), queue.work.answering():
        for n in range(5):
            queue.submit(f"job {n}")
        assert queue.ran(waiting=2) == []
        assert queue.work.shutdown(5)  # a request still open does not hold back the last work
    assert sorted(queue.done) == [f"job {n}" for n in range(5)]
    assert queue.clock.parked(0)  # the threads have ended
    with pytest.raises(RuntimeError):
        queue.submit("late")

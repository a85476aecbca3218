"""The work listeners leave after their ack: it starts at once while requests come one at a time, and gives way to
a burst and a quiet moment after it, for a bounded time; work that must open a modal starts at once; the earliest
deadline goes first; a failing job neither stops the queue nor goes unnoticed; shutting down runs what is queued."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from bot.serving.work_queue import WorkQueue


def recorder(done: list[str], name: str, ran: threading.Event | None = None):  # type: ignore[no-untyped-def]
    def run() -> None:
        done.append(name)
        if ran is not None:
            ran.set()

    return run


def test_during_a_burst_work_waits_until_it_is_over() -> None:
    work = WorkQueue(threads=2, defer=60.0, quiet=0.2)
    ran = threading.Event()
    with work.answering():
        with work.answering():  # two requests open at once: a burst
            work.submit(recorder([], "job", ran))
            assert not ran.wait(0.3)  # queued, but it gives way while the burst lasts
        ended = time.monotonic()
        assert ran.wait(5)  # one request at a time again: the job runs beside it, after a quiet moment
        assert time.monotonic() - ended >= 0.2
    assert work.shutdown(5)


def test_beside_requests_one_at_a_time_one_job_runs_and_more_once_they_stop() -> None:
    work = WorkQueue(threads=3, defer=60.0, quiet=0.2)
    release, lock = threading.Event(), threading.Lock()
    running, most = [0], [0]

    def job() -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        release.wait(5)
        with lock:
            running[0] -= 1

    with work.answering():
        for _ in range(3):
            work.submit(job)
        time.sleep(0.3)
        assert most[0] == 1  # beside an open request, one job at a time
    time.sleep(0.4)
    assert most[0] == 3  # the requests stopped: the others start too
    release.set()
    assert work.shutdown(5)


def test_after_a_burst_work_waits_for_a_quiet_moment() -> None:
    work = WorkQueue(threads=1, defer=60.0, quiet=0.3)
    ran = threading.Event()
    with work.answering(), work.answering():  # two requests open at once: a burst
        work.submit(recorder([], "job", ran))
    answered = time.monotonic()
    assert ran.wait(5)
    assert time.monotonic() - answered >= 0.3  # a burst's next request may come in the moment between two
    assert work.shutdown(5)


def test_while_requests_come_one_at_a_time_work_starts_at_once() -> None:
    work = WorkQueue(threads=1, defer=60.0, quiet=60.0)
    ran = threading.Event()
    with work.answering():
        work.submit(recorder([], "job", ran))
        assert ran.wait(5)  # a lone request is no burst: its work need not wait for the next one
    assert work.shutdown(5)


def test_without_requests_work_starts_at_once() -> None:
    work = WorkQueue(threads=1, defer=60.0, quiet=60.0)
    ran = threading.Event()
    work.submit(recorder([], "job", ran))
    assert ran.wait(5)  # nothing is answered over HTTP in the console and in Socket Mode
    assert work.shutdown(5)


def test_urgent_work_starts_while_requests_are_answered() -> None:
    work = WorkQueue(threads=2, defer=60.0, quiet=60.0)
    ran = threading.Event()
    with work.answering(), work.answering():
        work.submit(recorder([], "modal", ran), urgent=True)
        assert ran.wait(5)
    assert work.shutdown(5)


def test_work_gives_way_no_longer_than_the_deferral() -> None:
    work = WorkQueue(threads=1, defer=0.3, quiet=60.0)
    ran = threading.Event()
    with work.answering(), work.answering():
        queued = time.monotonic()
        work.submit(recorder([], "job", ran))
        assert ran.wait(5)  # the request is still open, but the job's deadline has passed
        assert time.monotonic() - queued >= 0.3
    assert work.shutdown(5)


def test_the_earliest_deadline_goes_first_and_equal_deadlines_in_order() -> None:
    work = WorkQueue(threads=1, defer=60.0, quiet=0.1)
    done: list[str] = []
    with work.answering(), work.answering():
        for name in ("first", "second", "third"):
            work.submit(recorder(done, name))
        work.submit(recorder(done, "modal"), urgent=True)
        assert work.wait_idle(0.2) is False  # the three deferred jobs still wait
    assert work.wait_idle(5)
    assert done == ["modal", "first", "second", "third"]
    assert work.shutdown(5)


def test_many_jobs_queue_on_a_few_threads() -> None:
    work = WorkQueue(threads=3, defer=60.0, quiet=0.1)
    names = {threading.current_thread().name}
    lock = threading.Lock()

    def job() -> None:
        with lock:
            names.add(threading.current_thread().name)

    with work.answering(), work.answering():
        for _ in range(200):
            work.submit(job)
    assert work.wait_idle(5)
    assert 2 <= len(names) <= 4  # this thread and at most three workers, not one thread per job
    assert work.shutdown(5)


def test_a_failing_job_is_logged_and_the_queue_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    work = WorkQueue(threads=1, defer=0.0)
    ran = threading.Event()

    def fails() -> None:
        raise RuntimeError("boom")

    with caplog.at_level(logging.ERROR, logger="regiebot"):
        work.submit(fails)
        work.submit(recorder([], "next", ran))
        assert ran.wait(5)
    assert any(record.message == "queued work failed" and record.exc_info for record in caplog.records)
    assert work.shutdown(5)


def test_shutdown_runs_what_is_queued_and_then_refuses_more() -> None:
    work = WorkQueue(threads=2, defer=60.0, quiet=60.0)
    done: list[str] = []
    with work.answering(), work.answering():
        for n in range(5):
            work.submit(recorder(done, f"job {n}"))
        assert work.shutdown(5)  # a request still open does not hold back the last work
    assert sorted(done) == [f"job {n}" for n in range(5)]
    with pytest.raises(RuntimeError):
        work.submit(recorder(done, "late"))

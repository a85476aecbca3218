"""Where listeners run: each acks at once, even while others' work is waiting; the work after an ack waits while
requests are being answered, for a bounded time; and a crashing listener neither blocks the gate nor goes
unnoticed."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from bot.listener_threads import ListenerThreads, WorkGate


@dataclass
class FakeAck:
    response: Any = None
    admitted: bool = False


def listener(gate: WorkGate, ack: FakeAck, acked: threading.Event, worked: threading.Event):  # type: ignore[no-untyped-def]
    def run() -> None:
        ack.response = "200 OK"
        acked.set()
        gate.admit(ack)  # what GatedAck does right after Bolt's ack
        worked.set()

    return run


def submit(pool: ListenerThreads, gate: WorkGate) -> tuple[threading.Event, threading.Event]:
    acked, worked = threading.Event(), threading.Event()
    ack = FakeAck()
    gate.expect(ack)  # the request's middleware, on the request's thread
    pool.submit(listener(gate, ack, acked, worked))
    return acked, worked


def test_work_waits_until_no_request_is_being_answered() -> None:
    gate = WorkGate(permits=2, defer=60.0, max_waiting=100)
    pool = ListenerThreads(gate)
    with gate.answering():
        acked, worked = submit(pool, gate)
        assert acked.wait(5)
        assert not worked.wait(0.1)  # acknowledged, but its work gives way while the request is answered
    assert worked.wait(5)
    assert pool.wait_idle(5)
    pool.shutdown()


def test_many_listeners_ack_while_earlier_work_waits() -> None:
    gate = WorkGate(permits=1, defer=60.0, max_waiting=100)
    pool = ListenerThreads(gate)
    with gate.answering():
        submitted = [submit(pool, gate) for _ in range(40)]
        assert all(acked.wait(5) for acked, _ in submitted)
    assert all(worked.wait(5) for _, worked in submitted)
    pool.shutdown()


def test_work_waits_no_longer_than_the_deferral() -> None:
    gate = WorkGate(permits=1, defer=0.0, max_waiting=100)
    pool = ListenerThreads(gate)
    with gate.answering():
        _, worked = submit(pool, gate)
        assert worked.wait(5)  # the request is still open, but the work may not wait at all
    pool.shutdown()


def test_a_listener_that_raises_releases_its_permit_and_reports_the_error() -> None:
    gate = WorkGate(permits=1, defer=0.0, max_waiting=100)
    pool = ListenerThreads(gate)
    ack = FakeAck()

    def crashes() -> None:
        ack.response = "200 OK"
        gate.admit(ack)
        raise RuntimeError("boom")

    gate.expect(ack)
    failed = pool.submit(crashes)
    assert isinstance(failed.exception(timeout=5), RuntimeError)
    _, worked = submit(pool, gate)
    assert worked.wait(5)  # the crashed listener gave its permit back
    pool.shutdown()

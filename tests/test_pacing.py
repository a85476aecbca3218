"""Reminder delivery lanes: one target's messages in order and one at a time, other targets meanwhile, and never
more claimed for a target than its backlog allows (so every claimed row goes out within its lease).

The lanes run on a manual monotonic clock: a sender that must wait for a channel's interval or Retry-After waits on
a thread of its own until the test moves the clock past it (`parked(n)`: n senders wait and none is on its way)."""

from __future__ import annotations

import threading

from bot.core.clock import ManualMonotonic
from bot.reminders.pacing import Lanes


class Claims:
    """Due rows in claim order, handed out as claim_due_reminders would: skipping full targets, `limit` at a time."""

    def __init__(self, rows: list[tuple[int, str]], limit: int) -> None:
        self.rows = rows
        self.limit = limit
        self.skipped: list[frozenset[str]] = []

    def __call__(self, full_targets: frozenset[str]) -> list[tuple[int, str]]:
        self.skipped.append(full_targets)
        taken = [row for row in self.rows if row[1] not in full_targets][: self.limit]
        self.rows = [row for row in self.rows if row not in taken]
        return taken


class Sender:
    """A sender on a thread of its own, for a `take` that has to wait."""

    def __init__(self, lanes: Lanes) -> None:
        self.taken: list[tuple[str, int] | None] = []
        self._thread = threading.Thread(target=lambda: self.taken.append(lanes.take()), daemon=True)
        self._thread.start()

    def result(self) -> list[tuple[str, int] | None]:
        self._thread.join(5)
        return self.taken


def test_a_busy_channel_does_not_hold_back_the_others() -> None:
    claims = Claims([(1, "C1"), (2, "C1"), (3, "C1"), (4, "C2"), (5, "U1")], limit=50)
    lanes = Lanes(claims, interval=0.0, backlog=60, lookahead=1000, clock=ManualMonotonic())
    assert [lanes.take(), lanes.take(), lanes.take()] == [("C1", 1), ("C2", 4), ("U1", 5)]
    lanes.done("C2")
    lanes.done("C1")
    assert lanes.take() == ("C1", 2)  # C1's next, only once its previous message was answered


def test_a_channel_waits_its_interval_after_slack_answered_and_the_others_go_meanwhile() -> None:
    clock = ManualMonotonic()
    lanes = Lanes(Claims([(1, "C1"), (2, "C1"), (3, "C2")], limit=50), interval=1.0, backlog=60, lookahead=1000,
                  clock=clock)
    assert lanes.take() == ("C1", 1)
    lanes.answered("C1")
    lanes.done("C1")
    assert lanes.take() == ("C2", 3)  # not C1's second: that one waits a second
    lanes.done("C2")
    sender = Sender(lanes)
    clock.advance(0.5)
    assert clock.parked(1) and sender.taken == []
    clock.advance(0.5)
    assert sender.result() == [("C1", 2)]  # one second after Slack answered C1's first


def test_every_claimed_reminder_is_handed_out_once_in_order_per_target() -> None:
    rows = [(n, f"C{n % 3}") for n in range(1, 31)]
    lanes = Lanes(Claims(rows, limit=7), interval=0.0, backlog=60, lookahead=1000, clock=ManualMonotonic())
    handed: list[tuple[str, int]] = []
    while (taken := lanes.take()) is not None:
        handed.append(taken)
        lanes.done(taken[0])
    assert sorted(handed, key=lambda pair: pair[1]) == [(target, n) for n, target in rows]
    for target in ("C0", "C1", "C2"):
        numbers = [n for t, n in handed if t == target]
        assert numbers == sorted(numbers)


def test_no_more_is_claimed_for_a_target_whose_backlog_is_full() -> None:
    claims = Claims([(n, "C1") for n in range(1, 8)] + [(8, "U1")], limit=2)
    lanes = Lanes(claims, interval=0.0, backlog=2, lookahead=1000, clock=ManualMonotonic())
    assert lanes.take() == ("C1", 1)
    assert lanes.take() == ("U1", 8)  # C1 is busy, so more is claimed: for C1 only until two of its rows wait
    assert claims.skipped[:2] == [frozenset(), frozenset()]
    assert set(claims.skipped[2:]) == {frozenset({"C1"})}  # every later claim left C1's rows alone
    assert [n for n, _ in claims.rows] == [5, 6, 7]  # left in the database, for this run's later claims


def test_a_reminder_planned_by_a_send_is_claimed_in_the_same_run() -> None:
    clock = ManualMonotonic()
    claims = Claims([(1, "U1")], limit=50)
    lanes = Lanes(claims, interval=0.0, backlog=60, lookahead=1000, clock=clock)
    assert lanes.take() == ("U1", 1)
    sender = Sender(lanes)
    assert clock.parked(1) and sender.taken == []  # the second sender finds nothing while U1's digest is out
    claims.rows.append((2, "U1"))  # sending the weekly digest planned next week's, due already
    lanes.done("U1")
    assert sender.result() == [("U1", 2)]


def test_a_rate_limited_reminder_goes_first_again_once_its_channel_may_take_it() -> None:
    clock = ManualMonotonic()
    lanes = Lanes(Claims([(1, "C1"), (2, "C1"), (3, "C2")], limit=50), interval=0.0, backlog=60, lookahead=1000,
                  clock=clock)
    assert lanes.take() == ("C1", 1)
    lanes.retry("C1", 1, after=30.0)
    lanes.done("C1")
    assert lanes.take() == ("C2", 3)  # C1 waits out its Retry-After
    lanes.done("C2")
    sender = Sender(lanes)
    clock.advance(29.0)
    assert clock.parked(1) and sender.taken == []
    clock.advance(1.0)
    assert sender.result() == [("C1", 1)]  # before #2: a channel's reminders keep their order

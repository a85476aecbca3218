"""Time as an argument: the bot asks a clock, never `datetime.now()`, so tests, the console and a rehearsal can
move it.

Two kinds of time. A `Clock` tells the moment (UTC) that rules, plans and reminders speak of. A `Monotonic` clock
measures the pauses a process keeps (the work queue's deferral, a channel's second between two messages) and ends
the waits for them. Such a wait is on a condition, so that a change wakes the thread sooner; a clock a test moves by
hand must be able to end that wait too, and to tell the test when every thread waits again. So the code asks its
monotonic clock for the condition, waits through it, and reads no other time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class OffsetClock:
    """The system's clock set to another moment and running at its speed (`regiebot serve --clock`)."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    @classmethod
    def starting_at(cls, moment: datetime, timezone: str = "UTC") -> OffsetClock:
        """A clock at `moment` now (a moment without its UTC offset is read in `timezone`)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(timezone))
        return cls(moment - datetime.now(UTC))

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


class ManualClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        self._now += delta


class Monotonic(Protocol):
    """Seconds that only go forward, for the pauses a process keeps, and the waits for them."""

    def now(self) -> float: ...

    def condition(self) -> threading.Condition:
        """A new condition for the threads of one object to wait on (through `wait`) and notify."""
        ...

    def wait(self, condition: threading.Condition, timeout: float | None) -> None:
        """Release `condition` (held by the caller) until it is notified or `timeout` seconds of this clock have
        passed. It may return sooner: the caller looks again at what it waits for."""
        ...


class SystemMonotonic:
    def now(self) -> float:
        return time.monotonic()

    def condition(self) -> threading.Condition:
        return threading.Condition()

    def wait(self, condition: threading.Condition, timeout: float | None) -> None:
        condition.wait(timeout)


def wait_until(clock: Monotonic, condition: threading.Condition, done: Callable[[], bool],
               timeout: float | None) -> bool:
    """Wait (holding `condition`) until `done()`; False once `timeout` seconds of `clock` have passed first."""
    deadline = None if timeout is None else clock.now() + timeout
    while not done():
        left = None if deadline is None else deadline - clock.now()
        if left is not None and left <= 0:
            return False
        clock.wait(condition, left)
    return True


class ManualMonotonic:
    """A monotonic clock for tests: it stands still until `advance`, which wakes every thread that waits on it.

    `parked(n)` waits, in real time, until n threads wait on its conditions and none that was woken is still on
    its way: the code has done all it can at this moment, so the test may look at what it did and move on.
    """

    GUARD = 60.0  # real seconds one wait may last before it is taken for a test that forgot to move the clock

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._conditions: list[_Counted] = []
        self._waiting = 0  # threads waiting on one of the conditions and not yet woken
        self._changed = threading.Condition()

    def now(self) -> float:
        return self._now

    def condition(self) -> threading.Condition:
        made = _Counted(self)
        with self._changed:
            self._conditions.append(made)
        return made

    def wait(self, condition: threading.Condition, timeout: float | None) -> None:
        if not (isinstance(condition, _Counted) and condition.clock is self):
            raise ValueError("wait on a condition this clock made")
        if timeout is not None and timeout <= 0:
            return
        if not condition.wait(self.GUARD):  # advance() notifies every condition, the deadline come or not
            raise TimeoutError(f"a thread waited {self.GUARD:.0f} s of real time for a manual clock nobody moved")

    def advance(self, seconds: float) -> None:
        """Move on by `seconds` and wake every waiting thread; each looks again and goes or waits on."""
        if seconds < 0:
            raise ValueError("a monotonic clock does not go back")
        with self._changed:
            conditions = list(self._conditions)
        with ExitStack() as held:  # no thread is then between reading the time and waiting
            for condition in conditions:
                held.enter_context(condition)
            self._now += seconds
            for condition in conditions:
                condition.notify_all()

    def parked(self, count: int, timeout: float = 5.0) -> bool:
        """Wait (real time, up to `timeout`) until exactly `count` threads wait and none is woken; False if not."""
        with self._changed:
            return self._changed.wait_for(lambda: self._waiting == count, timeout)

    def _count(self, change: int) -> None:
        with self._changed:
            self._waiting += change
            self._changed.notify_all()


class _Counted(threading.Condition):
    """A condition that keeps its clock's count of the threads waiting on it and not yet woken."""

    def __init__(self, clock: ManualMonotonic) -> None:
        super().__init__()
        self.clock = clock
        self._waiting = 0

    def wait(self, timeout: float | None = None) -> bool:
        self._waiting += 1
        self.clock._count(1)
        woken = super().wait(timeout)
        if not woken:  # timed out: no notify counted this thread off
            self._waiting -= 1
            self.clock._count(-1)
        return woken

    def notify(self, n: int = 1) -> None:
        woken = min(n, self._waiting)  # threading.Condition wakes as many of its waiters as it has, up to n
        self._waiting -= woken
        self.clock._count(-woken)
        super().notify(n)

    def notify_all(self) -> None:
        self.notify(self._waiting)

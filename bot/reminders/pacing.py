"""Claimed reminders in one queue per target (a channel, or a person's DMs), handed to several senders so that a
target gets at most one message per interval while the other targets' messages go in the meantime.

One sender waiting on a busy channel used to hold back every other channel's reminders: the benchmark measured
1,000 reminders taking 1,025 s where Slack's limit allows 42. Now the target with the most queued goes first (it
bounds the whole delivery), and rows are claimed a batch at a time while fewer than `lookahead` are queued or
nothing queued may go yet, so every channel's rows are seen early; but never for a target that already has
`backlog` rows waiting here, so a claimed row is sent well within its lease (at Slack's pace, `backlog` rows take
about as many seconds; `lookahead` rows for many targets take seconds).

A target's interval and Retry-After are kept on the lanes' monotonic clock (bot.core.clock.Monotonic), which also
ends the senders' waits for them: the system's in production, a manual one in a test, which moves it past a
channel's second or a Retry-After and sees the next reminder handed out, without sleeping.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from bot.core.clock import Monotonic, SystemMonotonic


class Lanes:
    def __init__(self, claim: Callable[[frozenset[str]], list[tuple[int, str]]], *, interval: float,
                 backlog: int, lookahead: int, clock: Monotonic | None = None) -> None:
        """`claim(full_targets)` claims due rows for any target but those, as (reminder id, target) pairs."""
        self._claim = claim
        self._clock = clock or SystemMonotonic()
        self._interval = interval
        self._backlog = backlog
        self._lookahead = lookahead
        self._queued = 0
        self._queues: dict[str, deque[int]] = {}
        self._ready_at: dict[str, float] = {}  # a target's next message may start then (monotonic clock)
        self._busy: set[str] = set()
        self._may_claim = True  # false after an empty claim, until a send finishes
        self._drained = False  # an unrestricted claim found nothing (a send may plan more: a digest its next)
        self._changed = self._clock.condition()

    def take(self) -> tuple[str, int] | None:
        """The next reminder whose target may be sent to now, waiting if need be; None when all are handed out."""
        with self._changed:
            while True:
                if self._queued < self._lookahead and self._may_claim and not self._drained:
                    self._refill()
                now = self._clock.now()
                target, soonest = self._ready(now)
                if target is not None:
                    self._busy.add(target)
                    self._queued -= 1
                    return target, self._queues[target].popleft()
                if self._may_claim and not self._drained and self._refill():
                    continue
                if self._drained and not self._busy and not any(self._queues.values()):
                    return None
                self._clock.wait(self._changed, None if soonest is None else soonest - now)

    def _ready(self, now: float) -> tuple[str | None, float | None]:
        """A target that may be sent to now, else None and when the soonest may (None: none is waiting)."""
        waiting = [(self._ready_at.get(target, 0.0), target) for target, queue in self._queues.items()
                   if queue and target not in self._busy]
        ready = [target for at, target in waiting if at <= now]
        if ready:  # the longest queue first: the channel with the most left bounds the whole delivery
            return max(ready, key=lambda t: len(self._queues[t])), None
        return None, min((at for at, _ in waiting), default=None)

    def answered(self, target: str) -> None:
        """Slack answered the target's message: its next may start one interval from now."""
        with self._changed:
            self._ready_at[target] = self._clock.now() + self._interval

    def retry(self, target: str, reminder_id: int, *, after: float) -> None:
        """Slack refused the target's message for now: it goes first again, `after` seconds from now."""
        with self._changed:
            self._queues.setdefault(target, deque()).appendleft(reminder_id)
            self._queued += 1
            self._ready_at[target] = max(self._ready_at.get(target, 0.0), self._clock.now() + after)

    def done(self, target: str) -> None:
        """The target's reminder is settled (sent, dropped, or to be retried): its next may be handed out."""
        with self._changed:
            self._busy.discard(target)
            self._may_claim, self._drained = True, False
            self._changed.notify_all()

    def _refill(self) -> bool:
        full = frozenset(target for target, queue in self._queues.items() if len(queue) >= self._backlog)
        claimed = self._claim(full)
        self._may_claim = bool(claimed)
        self._drained = not claimed and not full
        for reminder_id, target in claimed:
            self._queues.setdefault(target, deque()).append(reminder_id)
        self._queued += len(claimed)
        return bool(claimed)

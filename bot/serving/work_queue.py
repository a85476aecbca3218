"""The work a listener leaves after Slack's ack: queued, and run by a few threads, giving way to a burst of requests.

A process runs one Python thread at a time. The benchmark (issue 6) found that work running while other requests
waited for their ack took the interpreter from them: under 32 concurrent commands the acks' p99 rose to several
times a bare Bolt app's. An ack is what Slack waits for (three seconds, or it shows an error and retries events);
the answer goes to the response URL, which stays valid for thirty minutes. So each listener acks on the request's
own thread and queues the rest here. While requests come one at a time, one job runs at a time beside them; once
none has come for `quiet` seconds, up to `threads` at once. Once two or more are open together (a burst), jobs wait
until that has not happened for `quiet` seconds: eight jobs started in the moments between a burst's requests held
the interpreter from the next acks. No job waits past its start deadline, earliest deadline first. A job that must
use its trigger (opening a modal: Slack lets a trigger_id live three seconds) is queued with no deferral at all.

Earlier, each listener kept its thread and waited in it (one new thread per request during a burst); a queue
costs a request nothing but an append.

Every pause here is on the queue's monotonic clock (bot.core.clock.Monotonic), and so is every wait for one: the
condition the threads wait on comes from that clock. In production that is the system's, exactly as fast; a test
gives a manual one, moves it past a deferral or a quiet moment and sees the work start, without sleeping.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from bot.core.clock import Monotonic, SystemMonotonic, wait_until

log = logging.getLogger("regiebot")


@dataclass(order=True)
class _Job:
    deadline: float
    sequence: int
    run: Callable[[], None] = field(compare=False)


class WorkQueue:
    def __init__(self, *, threads: int, defer: float, quiet: float = 0.0,
                 clock: Monotonic | None = None) -> None:
        self._max_threads = threads
        self._defer = defer
        self._quiet = quiet
        self._clock = clock or SystemMonotonic()
        self._jobs: list[_Job] = []  # a heap: the earliest start deadline first
        self._sequence = itertools.count()
        self._answering = 0  # HTTP requests in this process still without an answer
        self._crowded_at = float("-inf")  # the last moment two or more were open at once
        self._answered_at = float("-inf")  # when the last of them was answered
        self._threads = 0
        self._idle = 0
        self._running = 0
        self._closed = False
        self._changed = self._clock.condition()

    @contextmanager
    def answering(self) -> Iterator[None]:
        """Around each HTTP request: how many are open at once tells the queue a burst from requests one by one."""
        with self._changed:
            self._answering += 1
            if self._answering > 1:
                self._crowded_at = self._clock.now()
        try:
            yield
        finally:
            with self._changed:
                self._answered_at = self._clock.now()
                if self._answering > 1:
                    self._crowded_at = self._answered_at
                self._answering -= 1
                if self._answering <= 1 and self._jobs:  # a burst may have ended
                    self._changed.notify(len(self._jobs))

    def submit(self, job: Callable[[], None], *, urgent: bool = False) -> None:
        """Queue `job`; it starts within the deferral (at once when `urgent`), sooner when requests allow."""
        deadline = self._clock.now() + (0.0 if urgent else self._defer)
        with self._changed:
            if self._closed:
                raise RuntimeError("the work queue is shut down")
            heapq.heappush(self._jobs, _Job(deadline, next(self._sequence), job))
            spawn = self._idle < len(self._jobs) and self._threads < self._max_threads  # a thread for each job
            if spawn:
                self._threads += 1
            self._changed.notify()
        if spawn:
            threading.Thread(target=self._work, name=f"work-{self._threads}", daemon=True).start()

    def _next(self) -> _Job | None:
        """The next job this thread may start, waiting for it; None once shut down and nothing is left."""
        with self._changed:
            self._idle += 1
            try:
                while True:
                    if self._jobs:
                        wait = self._until_next_start()
                        if wait <= 0:
                            self._running += 1
                            return heapq.heappop(self._jobs)
                        self._clock.wait(self._changed, wait)
                    elif self._closed:
                        return None
                    else:
                        self._clock.wait(self._changed, None)
            finally:
                self._idle -= 1

    def _until_next_start(self) -> float:
        """Seconds until the first queued job may start (none or less: now); called holding the lock."""
        now = self._clock.now()
        until_deadline = self._jobs[0].deadline - now
        if self._closed:
            return 0.0
        if self._answering > 1:  # a burst: until it ends (notified)
            return until_deadline
        after_burst = self._crowded_at + self._quiet - now
        if after_burst > 0:  # the quiet moment after a burst
            return min(until_deadline, after_burst)
        if self._running == 0:  # requests one at a time: one job at a time beside them
            return 0.0
        if self._answering == 0:  # more at once when requests have stopped for a quiet moment
            return min(until_deadline, self._answered_at + self._quiet - now)
        return until_deadline  # until the running job ends (notified)

    def _work(self) -> None:
        while (job := self._next()) is not None:
            try:
                job.run()
            except Exception:  # the listeners answer their own failures; this only keeps the thread alive
                log.exception("queued work failed")
            finally:
                with self._changed:
                    self._running -= 1
                    self._changed.notify_all()
        with self._changed:
            self._threads -= 1
            self._changed.notify_all()

    def wait_idle(self, timeout: float | None) -> bool:
        """Block until nothing is queued or running; False on time-out."""
        with self._changed:
            return wait_until(self._clock, self._changed, lambda: not self._jobs and self._running == 0, timeout)

    def shutdown(self, timeout: float | None = None) -> bool:
        """Run what is queued, then end the threads; False if that took longer than `timeout`."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
            return wait_until(self._clock, self._changed, lambda: self._threads == 0, timeout)

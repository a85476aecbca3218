"""Where Bolt's listeners run: acks first, the work after them a few at a time.

Bolt runs a listener's ack() and the work after it in one executor thread, and a process runs one Python
thread at a time. The benchmark (issue 6) found two ways this slowed acks under 32 concurrent commands, to
5–13× a bare Bolt app's p99: with a fixed pool of 16 busy with earlier requests' work a new request could not
even start its listener, and work running while other requests waited for their ack took the interpreter from
them. So every listener starts at once on an idle or new thread and acks, and its work waits until no HTTP
request is being answered (at most `defer` seconds, or until `max_waiting` wait), then goes `permits` at a time.
Slack's three seconds are for the ack; the answer may come a moment later.
"""

from __future__ import annotations

import itertools
import queue
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from typing import Any, Protocol


class Acknowledgement(Protocol):
    """Bolt's ack for one request, as the gate sees it."""

    response: Any  # set once acknowledged
    admitted: bool  # its listener has been let through to work


class WorkGate:
    def __init__(self, *, permits: int, defer: float, max_waiting: int) -> None:
        self._permits = permits
        self._defer = defer
        self._max_waiting = max_waiting
        self._answering = 0  # HTTP requests in this process still without an answer
        self._working = 0
        self._waiting = 0
        self._changed = threading.Condition()
        self._local = threading.local()
        self.on_park: Callable[[], None] = lambda: None  # a listener is about to wait: keep a thread free

    @contextmanager
    def answering(self) -> Iterator[None]:
        """Around each HTTP request: work waits while any is open."""
        with self._changed:
            self._answering += 1
        try:
            yield
        finally:
            with self._changed:
                self._answering -= 1
                if self._answering == 0:  # wake only as many as may start: a herd would cost the acks
                    self._changed.notify(self._permits - self._working)

    def expect(self, ack: Acknowledgement) -> None:
        """The request being dispatched on this thread acknowledges through `ack`."""
        self._local.ack = ack

    def wrap(self, fn: Callable[[], Any]) -> Callable[[], Any]:
        """The listener Bolt submits from the request's thread, run under the gate."""
        ack, self._local.ack = getattr(self._local, "ack", None), None

        def run() -> Any:
            if ack is None or ack.response is not None:  # acknowledged before it started: an event
                self._enter()
                try:
                    return fn()
                finally:
                    self._leave()
            self._local.listening = ack
            try:
                return fn()
            finally:
                self._local.listening = None
                if ack.admitted:
                    self._leave()

        return run

    def admit(self, ack: Acknowledgement) -> None:
        """Called right after a listener acked: wait for its turn to work."""
        if getattr(self._local, "listening", None) is ack and not ack.admitted:
            self._enter()
            ack.admitted = True

    def _enter(self) -> None:
        deadline = time.monotonic() + self._defer
        if self._answering > 0 or self._working >= self._permits:  # likely to wait (read without the lock)
            self.on_park()
        with self._changed:
            self._waiting += 1
            while True:
                remaining = deadline - time.monotonic()
                acks_first = self._answering > 0 and remaining > 0 and self._waiting < self._max_waiting
                if self._working < self._permits and not acks_first:
                    break
                self._changed.wait(remaining if acks_first else None)
            self._waiting -= 1
            self._working += 1

    def _leave(self) -> None:
        with self._changed:
            self._working -= 1
            self._changed.notify()


class ListenerThreads(Executor):
    """Runs each submitted listener at once, on an idle thread or a new one, under the gate; a thread idle for
    `idle_seconds` ends. Knows when none is running (for draining and for tests)."""

    def __init__(self, gate: WorkGate, *, idle_seconds: float = 60.0) -> None:
        self.gate = gate
        self._idle_seconds = idle_seconds
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._idle_threads = 0  # idle and not promised to a job already queued
        self._threads = 0
        self._pending = 0
        self._closed = False
        self._state = threading.Condition()
        self._names = itertools.count(1)
        gate.on_park = self._keep_one_idle

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        run = self.gate.wrap(lambda: fn(*args, **kwargs))

        def job() -> None:
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(run())
                except BaseException as error:
                    future.set_exception(error)

        with self._state:
            if self._closed:
                raise RuntimeError("the listener threads are shut down")
            self._pending += 1
            spawn = self._idle_threads == 0
            if spawn:
                self._threads += 1
            else:
                self._idle_threads -= 1
        self._jobs.put(job)
        if spawn:  # a new thread's start waits for the interpreter: reusing idle ones keeps acks quick
            threading.Thread(target=self._serve, name=f"listener-{next(self._names)}", daemon=True).start()
        return future

    def _keep_one_idle(self) -> None:
        """Start a thread for the next request now, from a listener that is going to wait anyway: a start
        waits for the interpreter, and on a request's own path it delayed that request's ack."""
        with self._state:
            if self._idle_threads > 0 or self._closed:
                return
            self._threads += 1
            self._idle_threads += 1
        threading.Thread(target=self._serve, name=f"listener-{next(self._names)}", daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                job = self._jobs.get(timeout=self._idle_seconds)
            except queue.Empty:
                with self._state:
                    if self._idle_threads == 0:  # this thread is promised to a queued job
                        continue
                    self._idle_threads -= 1
                    self._threads -= 1
                    return
            if job is None:
                return
            try:
                job()
            finally:
                with self._state:
                    self._pending -= 1
                    self._idle_threads += 1
                    self._state.notify_all()

    def wait_idle(self, timeout: float | None) -> bool:
        """Block until no listener is running; False on time-out."""
        with self._state:
            return self._state.wait_for(lambda: self._pending == 0, timeout)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._state:
            self._closed = True
        if wait:
            self.wait_idle(None)
        with self._state:
            threads, self._threads, self._idle_threads = self._threads, 0, 0
        for _ in range(threads):
            self._jobs.put(None)

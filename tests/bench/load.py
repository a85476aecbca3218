"""Signed slash commands sent over real HTTP at a fixed concurrency; the time until each HTTP answer (the ack).

Each caller thread opens a new connection per request, as a caller that does not keep connections would.
Requests are built and signed before the clock starts, so only the server's answer is timed.
"""

from __future__ import annotations

import http.client
import itertools
import math
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from bot.testing import payloads as slack_payloads
from tests.bench.processes import SIGNING_SECRET, BenchError, Process, get_json

TEAM = "T0BENCH01"
CHANNEL = "C0BENCH00"


@dataclass
class Request:
    request_id: str
    body: bytes
    headers: dict[str, str]


@dataclass
class Outcome:
    latencies_ms: list[float] = field(default_factory=list)
    sent_at: dict[str, float] = field(default_factory=dict)  # request id → wall-clock time it was sent
    failures: int = 0
    seconds: float = 0.0


def slash_command(double: Process, request_id: str, command: str, text: str, *, user: str) -> Request:
    body = slack_payloads.slash_command(command=command, text=text, user_id=user, channel_id=CHANNEL, team_id=TEAM,
                                        response_url=f"{double.url}/respond/{request_id}",
                                        trigger_id=f"trigger-{request_id}")
    headers = slack_payloads.signed_headers(SIGNING_SECRET, body, content_type="application/x-www-form-urlencoded")
    return Request(request_id, body.encode(), headers)


def drive(target: Process, requests: list[Request], concurrency: int) -> Outcome:
    """Send `requests` with `concurrency` callers, each starting its next request as soon as one is answered."""
    outcome = Outcome()
    numbers = itertools.count()
    lock = threading.Lock()

    def caller() -> None:
        while (index := next(numbers)) < len(requests):
            request = requests[index]
            connection = http.client.HTTPConnection("127.0.0.1", target.port, timeout=30)
            sent_wall, started = time.time(), time.perf_counter()
            try:
                connection.request("POST", "/slack/events", body=request.body, headers=request.headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
            finally:
                connection.close()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if ok:
                    outcome.latencies_ms.append(elapsed)
                    outcome.sent_at[request.request_id] = sent_wall
                else:
                    outcome.failures += 1

    callers = [threading.Thread(target=caller) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in callers:
        thread.start()
    for thread in callers:
        thread.join()
    outcome.seconds = time.perf_counter() - started
    return outcome


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share / 100 * len(ordered)) - 1)]


def summary(values: list[float]) -> dict[str, float]:
    return {f"p{share}": round(percentile(values, share), 1) for share in (50, 95, 99)}


def replies(double: Process, prefix: str, expected: int, timeout: float = 120) -> list[dict[str, Any]]:
    """The answers that reached the response URLs of requests whose id starts with `prefix`, once all are in."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if get_json(f"{double.url}/bench/count?prefix={prefix}") >= expected:
            break
        time.sleep(0.2)
    found = get_json(f"{double.url}/bench/responses?prefix={prefix}")
    if len(found) < expected:
        raise BenchError(f"only {len(found)} of {expected} answers for {prefix} arrived in {timeout:.0f} s")
    return found

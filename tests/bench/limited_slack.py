"""A Slack double that holds the bot to Slack's posting limit, run as a process of its own.

`python -m tests.bench.limited_slack` prints its port and serves:

- `/api/chat.postMessage`: at most one message per second per channel (a DM counts as a channel): a message
  that comes sooner is answered 429 with `Retry-After: 1` and not posted. On top of that, a fixed ~2 % of
  messages (chosen by a hash of channel and text) get one extra 429 on their first attempt, as Slack's
  workspace-wide limit does now and then.
- `/api/auth.test`, `/api/users.info` and other Web API methods: plain answers; `/respond/<id>`: accepted.
- `/bench/reset`, `/bench/messages`, `/bench/responses?prefix=`, `/bench/count?prefix=`: the benchmark's
  controls and readings.

Every posted message and every response is recorded with its arrival time (`time.time()`). Running apart from
the benchmark keeps its work off the load generator's interpreter lock.
"""

from __future__ import annotations

import json
import sys
import threading
import time
import zlib
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

INTERVAL = 1.0  # seconds between two messages to one channel
EXTRA_429_ONE_IN = 50
RETRY_AFTER = 1


class Limits:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._channel_locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._last: dict[str, float] = {}
            self._extra_given: set[tuple[str, str]] = set()
            self.messages: list[dict[str, Any]] = []  # every chat.postMessage attempt
            self.responses: list[dict[str, Any]] = []
            self._ts = 0

    def post(self, channel: str, text: str) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self._lock:
            channel_lock = self._channel_locks[channel]
        with channel_lock:
            now = time.time()
            key = (channel, text)
            if now - self._last.get(channel, 0.0) < INTERVAL:
                outcome = "limited"
            elif zlib.crc32(f"{channel}|{text}".encode()) % EXTRA_429_ONE_IN == 0 and key not in self._extra_given:
                self._extra_given.add(key)
                outcome = "extra_429"
            else:
                self._last[channel] = now
                outcome = "ok"
            with self._lock:
                self.messages.append({"at": now, "channel": channel, "text": text, "outcome": outcome})
                self._ts += 1
                ts = f"{1_700_000_000 + self._ts}.000100"
        if outcome != "ok":
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(RETRY_AFTER)}
        return 200, {"ok": True, "channel": channel, "ts": ts}, {}

    def respond(self, request_id: str, params: dict[str, Any]) -> None:
        with self._lock:
            self.responses.append({"at": time.time(), "id": request_id, "text": params.get("text", "")})


def _params(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)
    return {key: values[0] for key, values in parse_qs(raw.decode()).items()}


def make_server(limits: Limits) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            url = urlsplit(self.path)
            params = {**_params(url.query.encode(), ""), **_params(raw, self.headers.get("Content-Type", ""))}
            status, body, headers = self._answer(url.path, url.query, params)
            payload = json.dumps(body).encode()
            self.send_response(status)
            for name, value in {**headers, "Content-Type": "application/json",
                                "Content-Length": str(len(payload))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST

        def _answer(self, path: str, query: str, params: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
            if path == "/api/chat.postMessage":
                return limits.post(str(params.get("channel", "")), str(params.get("text", "")))
            if path.startswith("/respond/"):
                limits.respond(path.removeprefix("/respond/"), params)
                return 200, "ok", {}
            if path == "/api/auth.test":
                return 200, {"ok": True, "team_id": "T0BENCH01", "user_id": "UBOT0001", "bot_id": "BBOT0001"}, {}
            if path == "/api/users.info":
                return 200, {"ok": False, "error": "user_not_found"}, {}
            if path.startswith("/api/"):
                return 200, {"ok": True}, {}
            if path == "/bench/reset":
                limits.reset()
                return 200, {"ok": True}, {}
            if path == "/bench/messages":
                with limits._lock:
                    return 200, list(limits.messages), {}
            if path in ("/bench/responses", "/bench/count"):
                prefix = parse_qs(query).get("prefix", [""])[0]
                with limits._lock:
                    found = [r for r in limits.responses if r["id"].startswith(prefix)]
                return 200, len(found) if path == "/bench/count" else found, {}
            return 404, {"ok": False, "error": "unknown_path"}, {}

        def log_message(self, *_args: Any) -> None:
            pass

    return _Server(("127.0.0.1", 0), Handler)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # 32 callers plus the bot's own answers must not meet a full backlog


def main() -> None:
    server = make_server(Limits())
    print(server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.05)


if __name__ == "__main__":
    sys.exit(main())

"""A local double of Slack's Web API and response URLs: a real HTTP server on a free port.

The tests talk to it, and `regiebot console` runs it in-process and renders what it received.

The bot reaches it through SLACK_API_URL (`<base>/api/`) and through the `response_url` of each payload
(`<base>/respond/<id>`); file uploads (files v2) send their bytes to the `<base>/upload/<file id>` it hands
out. It records every call, answers like Slack, and can be told to fail: HTTP 429 with Retry-After, or 5xx, a
given number of times per method (`upload` for the bytes of a file).

Messages are held to Slack's limits the way Slack answers (bot/testing/message_limits.py); a message it refuses
is kept in `rejected` as well as in `calls`.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from bot.testing.message_limits import MESSAGE_METHODS, message_refusal

BOT_USER_ID = "UBOT0001"
BOT_ID = "BBOT0001"
HOST = "127.0.0.1"
Answer = tuple[int, Any, dict[str, str]]  # HTTP status, body (JSON, or text as it is), extra headers


@dataclass
class Call:
    """One request the double received, and its answer."""

    path: str
    method: str  # Web API method (`chat.postMessage`) or `respond`
    params: dict[str, Any]
    headers: dict[str, str]
    response: Any = None  # what the double answered, once it has


@dataclass
class UploadedFile:
    """A file that went through all three steps of files v2."""

    file_id: str
    filename: str
    title: str
    channel_id: str
    initial_comment: str
    content: bytes


@dataclass
class Failure:
    """How the next calls of one method fail: with this HTTP status, `remaining` more times."""

    status: int
    remaining: int
    retry_after: int | None = None  # seconds, in the Retry-After header

    def answer(self) -> Answer:
        extra = {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}
        error = "ratelimited" if self.status == 429 else "internal_error"
        return self.status, {"ok": False, "error": error}, extra


@dataclass
class FakeSlack:
    """The double: `start()` it, point the bot at `api_url`, then read what reached it (`sent`, `responses`)."""

    team_id: str = "T0000001"
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, Failure] = field(default_factory=dict)
    socket_url: str = ""  # what apps.connections.open hands out (see tests/fake_socket.py)
    files: list[UploadedFile] = field(default_factory=list)
    rejected: list[Call] = field(default_factory=list)  # message calls Slack would refuse for breaking its limits
    # Ids that stay unique across runs on one database (the console): view ids carry this prefix, and
    # message stamps count microseconds from `stamps_from` instead of the fixed 1700000001.000100, … .
    id_prefix: str = ""
    stamps_from: int | None = None

    def __post_init__(self) -> None:
        self._changed = threading.Condition()
        self._ts = itertools.count(1)
        self._views = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._pending_files: dict[str, dict[str, Any]] = {}  # file id → filename, and its bytes once sent
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                status, body, headers = fake._handle(self.path, raw, dict(self.headers))
                payload = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer((HOST, 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)

    # lifecycle

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self._server.server_port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, request_id: str) -> str:
        return f"{self.base_url}/respond/{request_id}"

    # scripting

    def add_user(self, user_id: str, name: str, *, admin: bool = False) -> None:
        self.users[user_id] = {"id": user_id, "team_id": self.team_id, "name": name.lower(), "is_admin": admin,
                               "profile": {"display_name": name, "real_name": name}}

    def fail(self, method: str, *, status: int, times: int = 1, retry_after: int | None = None) -> None:
        """Answer the next `times` calls of `method` with HTTP `status` (429 carries Retry-After)."""
        self.failures[method] = Failure(status, times, retry_after)

    # reading what the bot sent

    def sent(self, method: str) -> list[dict[str, Any]]:
        with self._changed:
            return [call.params for call in self.calls if call.method == method]

    def responses(self, request_id: str | None = None) -> list[dict[str, Any]]:
        """What reached response URLs (all, or those of one request)."""
        with self._changed:
            return [call.params for call in self.calls
                    if call.method == "respond" and (request_id is None or call.path.endswith("/" + request_id))]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        with self._changed:
            return self._changed.wait_for(predicate, timeout)

    def uploads(self) -> list[UploadedFile]:
        """Files completed with files.completeUploadExternal, in order."""
        with self._changed:
            return list(self.files)

    def calls_since(self, mark: int) -> list[Call]:
        """The calls recorded after the first `mark` ones (`len(calls)` taken earlier), failed ones included."""
        with self._changed:
            return self.calls[mark:]

    # answering

    def _handle(self, path: str, raw: bytes, headers: dict[str, str]) -> Answer:
        path, _, query = path.partition("?")
        if path.startswith("/upload/"):
            return self._receive_bytes(path, raw)
        params = {**_parse(query, ""), **_parse(raw.decode(), headers.get("Content-Type", ""))}
        method = _method(path)
        if method is None:
            return 404, {"ok": False, "error": "unknown_path"}, {}
        failure = self._failing(method)
        if failure is not None:
            self._record(Call(path, method + ":failed", params, headers))
            return failure.answer()
        token_kind = "Bearer xapp-" if method == "apps.connections.open" else "Bearer xoxb-"
        if method != "respond" and not headers.get("Authorization", "").startswith(token_kind):
            return 200, {"ok": False, "error": "not_authed"}, {}
        call = Call(path, method, params, headers)
        self._record(call)
        refusal = message_refusal(params) if method in MESSAGE_METHODS else None
        call.response = self._answer(method, params) if refusal is None else {"ok": False, "error": refusal}
        if refusal is not None:
            with self._changed:
                self.rejected.append(call)
        return 200, call.response, {}

    def _failing(self, method: str) -> Failure | None:
        """The failure `fail` set for `method`, counted off, while it has calls left to fail."""
        failure = self.failures.get(method)
        if failure is None or failure.remaining <= 0:
            return None
        failure.remaining -= 1
        return failure

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "respond":
            return "ok"
        if method == "auth.test":
            return {"ok": True, "team_id": self.team_id, "team": "Test", "user_id": BOT_USER_ID, "bot_id": BOT_ID,
                    "url": "https://test.slack.com/"}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url}
        if method == "users.info":
            user = self.users.get(params.get("user", ""))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "chat.postMessage":
            return {"ok": True, "channel": params.get("channel"), "ts": self.next_ts(),
                    "message": {"text": params.get("text")}}
        if method == "chat.update":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts"), "text": params.get("text")}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._file_ids):07d}"
            with self._changed:
                self._pending_files[file_id] = {"filename": params.get("filename", ""), "content": None}
            return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            return self._complete_upload(params)
        if method == "views.open":
            view = params.get("view") or {}
            view = json.loads(view) if isinstance(view, str) else view
            return {"ok": True, "view": {"id": f"V{self.id_prefix}{next(self._views):08d}", **view}}
        return {"ok": True}

    def next_ts(self) -> str:
        """A fresh message stamp, as Slack gives one to every message (also to a person's own)."""
        count = next(self._ts)
        if self.stamps_from is None:
            return f"{1_700_000_000 + count}.000100"
        micros = self.stamps_from + count
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _receive_bytes(self, path: str, raw: bytes) -> Answer:
        """Step 2 of files v2: the bytes, POSTed to the upload URL without a token."""
        failure = self._failing("upload")
        if failure is not None:
            return failure.status, "upload failed", {}
        file_id = path.removeprefix("/upload/")
        with self._changed:
            pending = self._pending_files.get(file_id)
            if pending is None:
                return 404, "unknown upload", {}
            pending["content"] = raw
        return 200, f"OK - {len(raw)}", {}

    def _complete_upload(self, params: dict[str, Any]) -> dict[str, Any]:
        listed = params.get("files") or "[]"
        listed = json.loads(listed) if isinstance(listed, str) else listed
        completed = []
        with self._changed:
            for item in listed:
                pending = self._pending_files.pop(item.get("id", ""), None)
                if pending is None or pending["content"] is None:
                    return {"ok": False, "error": "file_not_found"}
                completed.append(UploadedFile(file_id=item["id"], filename=pending["filename"],
                                              title=item.get("title") or "", channel_id=params.get("channel_id", ""),
                                              initial_comment=params.get("initial_comment", ""),
                                              content=pending["content"]))
            self.files.extend(completed)
            self._changed.notify_all()
        return {"ok": True, "files": [{"id": f.file_id, "name": f.filename, "title": f.title} for f in completed]}

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()


def _method(path: str) -> str | None:
    """The Web API method a path calls, `respond` for a response URL, None for a path Slack does not have."""
    if path.startswith("/respond/"):
        return "respond"
    if path.startswith("/api/"):
        return path.removeprefix("/api/")
    return None


def _parse(raw: str, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)
    return {key: values[0] for key, values in parse_qs(raw).items()}

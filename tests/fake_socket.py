"""A local stand-in for Slack's Socket Mode endpoint: a WebSocket server that greets the bot, hands it
envelopes, and records the acknowledgements it sends back."""

from __future__ import annotations

import json
import queue
import threading
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve


class FakeSocketMode:
    def __init__(self) -> None:
        self.outbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.acks: queue.Queue[dict[str, Any]] = queue.Queue()
        self.connected = threading.Event()
        self._server = serve(self._session, "127.0.0.1", 0)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link"

    def send(self, envelope: dict[str, Any]) -> None:
        self.outbox.put(envelope)

    def stop(self) -> None:
        self._server.shutdown()

    def _session(self, connection: ServerConnection) -> None:
        connection.send(json.dumps({"type": "hello", "num_connections": 1}))
        self.connected.set()
        while True:
            try:
                envelope = self.outbox.get(timeout=0.05)
                connection.send(json.dumps(envelope))
            except queue.Empty:
                pass
            try:
                self.acks.put(json.loads(connection.recv(timeout=0.05)))
            except TimeoutError:
                continue
            except ConnectionClosed:
                return

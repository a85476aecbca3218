"""Log lines for operators: text or JSON, with the request's fields, and never a token or secret."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from typing import TextIO

from bot.config import Settings

TOKEN = re.compile(r"xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+")
STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


def _fields(record: logging.LogRecord) -> dict[str, object]:
    return {key: value for key, value in vars(record).items() if key not in STANDARD}


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = f"{self.formatTime(record)} {record.levelname} {record.name} {record.getMessage()}"
        fields = " ".join(f"{key}={value}" for key, value in _fields(record).items())
        line = f"{line} {fields}" if fields else line
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {"time": self.formatTime(record), "level": record.levelname,
                                    "logger": record.name, "message": record.getMessage(), **_fields(record)}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class RedactingHandler(logging.StreamHandler):
    """Writes formatted lines to stderr with Slack tokens and the configured secrets masked."""

    def __init__(self, secrets: Iterable[str], stream: TextIO | None = None) -> None:
        super().__init__(stream or sys.stderr)
        self._secrets = [secret for secret in secrets if len(secret) >= 6]

    def format(self, record: logging.LogRecord) -> str:
        line = TOKEN.sub("[redacted]", super().format(record))
        for secret in self._secrets:
            line = line.replace(secret, "[redacted]")
        return line


def configure_for(settings: Settings) -> None:
    """Logging as the settings ask for it, with the Slack tokens and the signing secret redacted."""
    configure(settings.log_level, settings.log_format,
              secrets=(settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token))


def configure(level: str, fmt: str, secrets: Iterable[str] = (), stream: TextIO | None = None) -> None:
    """Send every log line through one redacting handler, as text or JSON."""
    handler = RedactingHandler(secrets, stream)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)

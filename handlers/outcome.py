"""The one failure path: every piece of listener work (commands, buttons, shortcuts, modals, thread replies,
App Home) runs inside `outcome()`, which logs how it ended with the request id and tells the person.

A refusal (UserError) is told with the command's usage; a retried delivery (DuplicateDelivery) changes and
tells nothing; anything else is logged with its traceback and told generically, with the request id to quote.
The work runs on the work queue after Slack's ack, where Bolt's `@app.error` no longer sees it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bot.core.replies import Actor, DuplicateDelivery, UserError
from bot.services import Services
from handlers.answers import Tell, crash_text, error_text

log = logging.getLogger("regiebot.requests")


@contextmanager
def outcome(services: Services, kind: str, context: dict[str, Any], actor: Actor, tell: Tell, *,
            command: str = "", started: float | None = None, **fields: object) -> Iterator[dict[str, object]]:
    """Run the block as one piece of listener work. It may add log fields to the dict it is given, and set
    `outcome` there when it ended otherwise than "ok" without raising (a modal's field error, help)."""
    request_id = str(context.get("request_id") or "-")
    started = time.perf_counter() if started is None else started
    logged: dict[str, object] = {**fields, **({"command": command} if command else {})}
    try:
        yield logged
        ended = str(logged.pop("outcome", "ok"))
    except UserError as error:
        ended = f"refused:{error.template}"
        refusal = error
        _tell(tell, lambda: error_text(services, refusal, actor, command), request_id)
    except DuplicateDelivery:
        ended = "duplicate"
    except Exception:
        ended = "error"
        log.exception("listener failed", extra={"request_id": request_id, "user": actor.user_id})
        _tell(tell, lambda: crash_text(services, actor, request_id), request_id)
    log.info(kind, extra={"request_id": request_id, "team": actor.team_id, "channel": actor.table_channel_id,
                          "user": actor.user_id, **logged, "outcome": ended,
                          "ms": round((time.perf_counter() - started) * 1000, 1)})


def _tell(tell: Tell, text: Any, request_id: str) -> None:
    try:
        tell(text())
    except Exception:  # Slack (or the database) failing too: the log lines are what remains
        log.warning("could not tell the person how their request ended", extra={"request_id": request_id},
                    exc_info=True)

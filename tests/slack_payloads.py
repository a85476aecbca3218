"""The payload builders now ship with the bot (`bot/payloads.py`), for `regiebot console`."""

from bot.payloads import (
    app_home_opened,
    block_actions,
    event_callback,
    message,
    signed_headers,
    slash_command,
    view_submission,
)

__all__ = ["app_home_opened", "block_actions", "event_callback", "message", "signed_headers", "slash_command",
           "view_submission"]

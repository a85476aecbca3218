"""The Slack Web API double now ships with the bot (`bot/slack_double.py`), for `regiebot console`."""

from bot.slack_double import BOT_ID, BOT_USER_ID, Call, Failure, FakeSlack, UploadedFile

__all__ = ["BOT_ID", "BOT_USER_ID", "Call", "Failure", "FakeSlack", "UploadedFile"]

"""Settings, read once from the environment and `.env`, typed and frozen.

This is the only module that reads the environment. Each field carries its help text; `.env.example`
lists every field (a test checks the two agree).
"""

from __future__ import annotations

from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_MARK = "replace-me"


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line meant for the operator."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    slack_bot_token: str = Field("", description="Bot token (xoxb-…) from the app's OAuth page.")
    slack_signing_secret: str = Field("", description="Signing secret from the app's Basic Information page.")
    slack_app_token: str = Field("", description="App-level token (xapp-…), only for `serve --socket`.")
    slack_api_url: str = Field(
        "https://slack.com/api/", description="Base address of the Slack Web API; tests point it at a double."
    )
    database_url: str = Field("sqlite:///regiebot.db", description="SQLAlchemy URL of the database.")
    public_url: str = Field("http://localhost:3000", description="Address people reach the bot at.")
    port: int = Field(3000, ge=1, le=65535, description="Port `regiebot serve` listens on.")
    bot_admins: str = Field(
        "", description="Comma-separated Slack user ids allowed to run /regie setup; empty: workspace admins."
    )
    default_language: Literal["nl", "en"] = Field("nl", description="Language of a new table.")
    default_timezone: str = Field("Europe/Amsterdam", description="IANA time zone of a new table.")
    reminder_interval: int = Field(
        30, ge=1, le=3600, description="Seconds between looks for due reminders (each process looks)."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="Log level.")
    log_format: Literal["text", "json"] = Field("text", description="Log line format.")

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_ends_with_slash(cls, value: str) -> str:
        # slack-sdk joins method names onto the base URL; without the slash a path segment is lost.
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value if value.endswith("/") else value + "/"

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def bot_admin_ids(self) -> frozenset[str]:
        return frozenset(part.strip() for part in self.bot_admins.split(",") if part.strip())

    @classmethod
    def load(cls, **overrides: Any) -> Settings:  # any field's type: pydantic validates each
        """Build settings from the environment, `.env` and overrides; raise ConfigError with one clear line."""
        try:
            return cls(**overrides)
        except ValidationError as error:
            first = error.errors()[0]
            name = str(first["loc"][0]).upper() if first["loc"] else "configuration"
            raise ConfigError(f"{name}: {first['msg']}") from None

    def require_slack(self, *, socket_mode: bool = False) -> None:
        """Check the Slack credentials `serve` needs; raise ConfigError naming the first problem."""
        checks = [("SLACK_BOT_TOKEN", self.slack_bot_token, "xoxb-")]
        if socket_mode:
            checks.append(("SLACK_APP_TOKEN", self.slack_app_token, "xapp-"))
        else:
            checks.append(("SLACK_SIGNING_SECRET", self.slack_signing_secret, ""))
        for name, value, prefix in checks:
            if not value:
                raise ConfigError(f"{name} is not set (see .env.example)")
            if PLACEHOLDER_MARK in value:
                raise ConfigError(f"{name} still holds the placeholder from .env.example")
            if prefix and not value.startswith(prefix):
                raise ConfigError(f"{name} must start with {prefix}")

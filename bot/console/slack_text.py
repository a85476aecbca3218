"""Slack's mrkdwn and Block Kit as readable terminal lines, and modal answers as Slack submits them.

Pure functions on the payloads the bot sent; names of people and channels come from the caller.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

TOKEN = re.compile(r"<([^<>\s][^<>]*)>")
BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])")
EMOJI_CODE = re.compile(r":([a-z0-9_+-]+):")
EMOJI = {"warning": "⚠️", "white_check_mark": "✅", "bell": "🔔", "calendar": "📅", "clipboard": "📋",
         "hourglass": "⏳", "mega": "📣", "no_entry": "⛔", "x": "❌", "memo": "📝", "pushpin": "📌",
         "spiral_calendar_pad": "🗓️", "date": "📅", "tada": "🎉", "eyes": "👀", "lock": "🔒", "thumbsup": "👍"}
SPECIAL = {"channel": "@channel", "here": "@here", "everyone": "@everyone"}


@dataclass(frozen=True)
class Style:
    """Bold and dim as ANSI codes on a terminal; nothing in a transcript."""

    color: bool = False

    def bold(self, text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if self.color else text

    def dim(self, text: str) -> str:
        return f"\x1b[2m{text}\x1b[0m" if self.color else text


@dataclass(frozen=True)
class Button:
    label: str
    action: dict[str, Any]  # the action as block_actions carries it: action_id, block_id, value, text, type


@dataclass
class Field:
    """One input of a modal, and how its answer goes back in the submission's state."""

    block_id: str
    action_id: str
    label: str
    kind: str
    optional: bool
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    initial: str = ""
    max_length: int | None = None
    hint: str = ""


Names = Callable[[str], str | None]


def mrkdwn(text: str, *, user: Names, channel: Names, style: Style = Style()) -> str:
    """Slack's mrkdwn as plain text: mentions by name, links spelled out, entities decoded, emoji drawn."""
    text = TOKEN.sub(lambda match: _token(match.group(1), user, channel), text)
    text = BOLD.sub(lambda match: style.bold(match.group(1)), text)
    text = ITALIC.sub(r"\1", text)
    text = STRIKE.sub(r"\1", text)
    text = EMOJI_CODE.sub(lambda match: EMOJI.get(match.group(1), match.group(0)), text)
    lines = ["│ " + line[5:] if line.startswith("&gt; ") else line for line in text.split("\n")]
    return "\n".join(lines).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _token(inner: str, user: Names, channel: Names) -> str:
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return "@" + (user(target[1:]) or label or target[1:])
    if target.startswith("#"):
        return "#" + (channel(target[1:]) or label or target[1:])
    if target.startswith("!"):
        name = target[1:].split("^")[0]
        return SPECIAL.get(name) or label or "@" + name
    shown = target.removeprefix("mailto:")
    return f"{label} ({shown})" if label and label != shown else shown


def text_of(obj: dict[str, Any] | None, *, user: Names, channel: Names, style: Style = Style()) -> str:
    """A Block Kit text object (mrkdwn or plain_text) as terminal text."""
    if not obj:
        return ""
    if obj.get("type") == "mrkdwn":
        return mrkdwn(str(obj.get("text", "")), user=user, channel=channel, style=style)
    return EMOJI_CODE.sub(lambda match: EMOJI.get(match.group(1), match.group(0)), str(obj.get("text", "")))


def blocks(items: list[dict[str, Any]], *, user: Names, channel: Names,
           style: Style = Style()) -> tuple[list[str], list[Button]]:
    """Message or view blocks as lines, and the buttons among them."""
    lines: list[str] = []
    buttons: list[Button] = []

    def show(obj: dict[str, Any] | None) -> str:
        return text_of(obj, user=user, channel=channel, style=style)

    for block in items:
        kind = block.get("type")
        if kind == "section":
            if block.get("text"):
                lines += show(block["text"]).split("\n")
            lines += [show(item) for item in block.get("fields") or []]
            accessory = block.get("accessory") or {}
            if accessory.get("type") == "button":
                buttons.append(_button(accessory, block))
                lines.append(f"[ {show(accessory.get('text'))} ]")
        elif kind == "header":
            lines.append(style.bold(show(block.get("text"))))
        elif kind == "divider":
            lines.append("─" * 24)
        elif kind == "context":
            lines.append(style.dim(" · ".join(show(item) if item.get("type") != "image" else item.get("alt_text", "")
                                              for item in block.get("elements") or [])))
        elif kind == "actions":
            shown = []
            for element in block.get("elements") or []:
                if element.get("type") == "button":
                    buttons.append(_button(element, block))
                    shown.append(f"[ {show(element.get('text'))} ]")
                else:
                    shown.append(f"[ {show(element.get('placeholder')) or element.get('type')} ▾ ]")
            lines.append("  ".join(shown))
        elif kind == "image":
            lines.append(f"[image: {block.get('alt_text', '')}]")
        elif kind == "input":
            optional = " (optional)" if block.get("optional") else ""
            lines.append(f"▭ {show(block.get('label'))}{optional}")
    return lines, buttons


def _button(element: dict[str, Any], block: dict[str, Any]) -> Button:
    action = {"type": "button", "action_id": element.get("action_id", ""), "block_id": block.get("block_id", ""),
              "text": element.get("text") or {"type": "plain_text", "text": ""}}
    if "value" in element:
        action["value"] = element["value"]
    return Button(str(action["text"].get("text", "")), action)


def fields(view: dict[str, Any]) -> list[Field]:
    """The inputs of a modal, in order."""
    found = []
    for block in view.get("blocks") or []:
        if block.get("type") != "input":
            continue
        element = block.get("element") or {}
        options = [(str(o.get("value", "")), str((o.get("text") or {}).get("text", "")))
                   for o in element.get("options") or []]
        initial = element.get("initial_option") or {}
        found.append(Field(
            block_id=block.get("block_id", ""), action_id=element.get("action_id", "value"),
            label=str((block.get("label") or {}).get("text", "")), kind=str(element.get("type", "")),
            optional=bool(block.get("optional")), options=options,
            initial=str(initial.get("value") or element.get("initial_value") or element.get("initial_date")
                        or element.get("initial_user") or ""),
            max_length=element.get("max_length"), hint=str((block.get("hint") or {}).get("text", ""))))
    return found


def element_state(item: Field, answer: str) -> dict[str, Any]:
    """An answer as Slack puts it in a submission's `state.values` (empty answers as Slack sends them)."""
    if item.kind in ("static_select", "radio_buttons"):
        label = dict(item.options).get(answer, answer)
        option = {"text": {"type": "plain_text", "text": label}, "value": answer} if answer else None
        return {"type": item.kind, "selected_option": option}
    if item.kind in ("checkboxes", "multi_static_select"):
        chosen = [part.strip() for part in answer.split(",") if part.strip()]
        return {"type": item.kind, "selected_options": [
            {"text": {"type": "plain_text", "text": dict(item.options).get(value, value)}, "value": value}
            for value in chosen]}
    keys = {"users_select": "selected_user", "conversations_select": "selected_conversation",
            "channels_select": "selected_channel", "datepicker": "selected_date", "timepicker": "selected_time"}
    if item.kind in keys:
        return {"type": item.kind, keys[item.kind]: answer or None}
    if item.kind == "multi_users_select":
        return {"type": item.kind, "selected_users": [part for part in answer.split(",") if part]}
    return {"type": item.kind or "plain_text_input", "value": answer or None}

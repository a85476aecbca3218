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


@dataclass(frozen=True)
class _Printer:
    """What every block renderer needs: the names of people and channels, and the terminal's style."""

    user: Names
    channel: Names
    style: Style

    def text(self, obj: dict[str, Any] | None) -> str:
        return text_of(obj, user=self.user, channel=self.channel, style=self.style)


Rendered = tuple[list[str], list[Button]]  # a block's lines, and the buttons it offers


def blocks(items: list[dict[str, Any]], *, user: Names, channel: Names,
           style: Style = Style()) -> Rendered:
    """Message or view blocks as lines, and the buttons among them; a block of a type without a renderer in
    BLOCK_RENDERERS is left out."""
    printer = _Printer(user, channel, style)
    lines: list[str] = []
    buttons: list[Button] = []
    for block in items:
        render = BLOCK_RENDERERS.get(str(block.get("type")))
        if render is not None:
            block_lines, block_buttons = render(block, printer)
            lines += block_lines
            buttons += block_buttons
    return lines, buttons


def _section(block: dict[str, Any], printer: _Printer) -> Rendered:
    lines = printer.text(block["text"]).split("\n") if block.get("text") else []
    lines += [printer.text(item) for item in block.get("fields") or []]
    accessory = block.get("accessory") or {}
    if accessory.get("type") != "button":
        return lines, []
    return [*lines, _element(accessory, printer)], [_button(accessory, block)]


def _header(block: dict[str, Any], printer: _Printer) -> Rendered:
    return [printer.style.bold(printer.text(block.get("text")))], []


def _divider(block: dict[str, Any], printer: _Printer) -> Rendered:
    return ["─" * 24], []


def _context(block: dict[str, Any], printer: _Printer) -> Rendered:
    parts = (item.get("alt_text", "") if item.get("type") == "image" else printer.text(item)
             for item in block.get("elements") or [])
    return [printer.style.dim(" · ".join(parts))], []


def _actions(block: dict[str, Any], printer: _Printer) -> Rendered:
    elements = block.get("elements") or []
    buttons = [_button(element, block) for element in elements if element.get("type") == "button"]
    return ["  ".join(_element(element, printer) for element in elements)], buttons


def _image(block: dict[str, Any], printer: _Printer) -> Rendered:
    return [f"[image: {block.get('alt_text', '')}]"], []


def _input(block: dict[str, Any], printer: _Printer) -> Rendered:
    optional = " (optional)" if block.get("optional") else ""
    return [f"▭ {printer.text(block.get('label'))}{optional}"], []


BLOCK_RENDERERS: dict[str, Callable[[dict[str, Any], _Printer], Rendered]] = {
    "section": _section, "header": _header, "divider": _divider, "context": _context, "actions": _actions,
    "image": _image, "input": _input,
}


def _element(element: dict[str, Any], printer: _Printer) -> str:
    """An interactive element as it stands in a line: a button, or a menu or picker with its placeholder."""
    if element.get("type") == "button":
        return f"[ {printer.text(element.get('text'))} ]"
    return f"[ {printer.text(element.get('placeholder')) or element.get('type')} ▾ ]"


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
            max_length=element.get("max_length")))
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

"""Block Kit modals, built from slack-sdk's typed models (which check Slack's limits) and labels.j2.

A modal carries the channel it was opened from in `private_metadata`, so its submission acts on that table.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.parsing import ACTION_TEXT_LIMIT, DESCRIPTION_LIMIT, TITLE_LIMIT
from bot.render import Renderer, split_text

AGENDA_CALLBACK = "agenda_propose"
OPEN_AGENDA_MODAL = "agenda_open_modal"
ACTION_CALLBACK = "action_add"
OPTIONS_LIMIT = 100  # Slack's limit on options in one select
SECTION_LIMIT = 3000  # characters in one section block
HOME_BLOCKS_LIMIT = 100  # blocks in a Home tab


def agenda_modal(renderer: Renderer, language: str, channel_id: str) -> dict[str, Any]:
    label = lambda key: renderer.label(language, key)  # noqa: E731 - a short local alias
    kinds = [Option(value=kind, text=label(f"kind_{kind}")) for kind in ("discussion", "decision", "information")]
    view = View(
        type="modal",
        callback_id=AGENDA_CALLBACK,
        private_metadata=channel_id,
        title=label("agenda_modal_title"),
        submit=label("submit"),
        close=label("cancel"),
        blocks=[
            InputBlock(block_id="title", label=label("field_title"),
                       element=PlainTextInputElement(action_id="value", max_length=TITLE_LIMIT)),
            InputBlock(block_id="description", label=label("field_description"), optional=True,
                       element=PlainTextInputElement(action_id="value", multiline=True, max_length=DESCRIPTION_LIMIT)),
            InputBlock(block_id="kind", label=label("field_kind"),
                       element=StaticSelectElement(action_id="value", options=kinds, initial_option=kinds[0])),
        ],
    )
    return view.to_dict()


def action_modal(renderer: Renderer, language: str, channel_id: str, organisations: list[str]) -> dict[str, Any]:
    label = lambda key: renderer.label(language, key)  # noqa: E731 - a short local alias
    blocks = [
        InputBlock(block_id="owner_person", label=label("field_owner_person"), optional=True,
                   hint=label("owner_hint"), element=UserSelectElement(action_id="value")),
    ]
    if organisations:
        options = [Option(value=org, text=org) for org in organisations[:OPTIONS_LIMIT]]
        blocks.append(InputBlock(block_id="owner_organisation", label=label("field_owner_organisation"),
                                 optional=True, element=StaticSelectElement(action_id="value", options=options)))
    blocks += [
        InputBlock(block_id="text", label=label("field_action_text"),
                   element=PlainTextInputElement(action_id="value", multiline=True, max_length=ACTION_TEXT_LIMIT)),
        InputBlock(block_id="due", label=label("field_due"), optional=True,
                   element=DatePickerElement(action_id="value")),
    ]
    view = View(type="modal", callback_id=ACTION_CALLBACK, private_metadata=channel_id,
                title=label("action_modal_title"), submit=label("submit"), close=label("cancel"), blocks=blocks)
    return view.to_dict()


def submitted_values(view: dict[str, Any]) -> dict[str, str]:
    """Each input block's value as text: typed text, the chosen option, user or date ('' when empty)."""
    values: dict[str, str] = {}
    for block_id, actions in view.get("state", {}).get("values", {}).items():
        state = actions.get("value", {})
        option = state.get("selected_option") or {}
        values[block_id] = (state.get("value") or option.get("value") or state.get("selected_user")
                            or state.get("selected_date") or "")
    return values


def call_blocks(renderer: Renderer, language: str, text: str, channel_id: str) -> list[dict[str, Any]]:
    """The call for agenda items: its text, and a button that opens the agenda modal for the table."""
    button = ButtonElement(action_id=OPEN_AGENDA_MODAL, value=channel_id, style="primary",
                           text=renderer.label(language, "propose_item_button"))
    return [SectionBlock(text=MarkdownTextObject(text=piece)).to_dict() for piece in split_text(text, SECTION_LIMIT)
            ] + [ActionsBlock(elements=[button]).to_dict()]


def home_view(text: str) -> dict[str, Any]:
    """The App Home tab: the rendered page in sections within Slack's 3,000 characters and 100 blocks."""
    sections = [SectionBlock(text=MarkdownTextObject(text=piece)) for piece in split_text(text, SECTION_LIMIT)
                if piece.strip()]
    return View(type="home", blocks=sections[:HOME_BLOCKS_LIMIT]).to_dict()

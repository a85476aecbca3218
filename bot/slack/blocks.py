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

from bot.core.parsing import ACTION_TEXT_LIMIT, DESCRIPTION_LIMIT, TITLE_LIMIT
from bot.render import Renderer, split_text

AGENDA_CALLBACK = "agenda_propose"
OPEN_AGENDA_MODAL = "agenda_open_modal"
ACTION_CALLBACK = "action_add"
APPROVE_SUMMARY = "minutes_approve"
REQUEST_CHANGES = "minutes_request_changes"
CHANGES_CALLBACK = "minutes_changes"
ATTENDING = "meeting_attending"
APOLOGIES = "meeting_apologies"
ADD_TO_MINUTES = "add_to_minutes"  # the message shortcut's callback id (manifest.yml)
HOME_ACTION_DONE = "home_action_done"
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


def home_view(renderer: Renderer, language: str, page: dict[str, Any]) -> dict[str, Any]:
    """The App Home tab: per table its next session, the person's open action points each with a Done button,
    and for a chair the drafts awaiting approval; within Slack's 3,000 characters a section and 100 blocks."""
    macro = lambda name, *args: renderer.home(language, name, *args)  # noqa: E731 - a short local alias
    done = macro("done_button")
    blocks = [_section(macro("title"))]
    tables = page["tables"]
    if not tables:
        blocks.append(_section(macro("no_tables")))
    budget = HOME_BLOCKS_LIMIT - len(blocks) - 3 * len(tables)  # each table keeps header, drafts and a "more" line
    for table in tables:
        blocks.append(_section(macro("table_header", table)))
        if table["drafts"]:
            blocks.append(_section(macro("drafts", table["drafts"])))
        shown = table["actions"][:max(budget, 0)]
        budget -= len(shown)
        for action in shown:
            button = ButtonElement(action_id=HOME_ACTION_DONE, text=done,
                                   value=f"{table['channel_id']}:{action['number']}")
            blocks.append(SectionBlock(text=MarkdownTextObject(text=_fit(macro("action", action))),
                                       accessory=button).to_dict())
        if len(shown) < len(table["actions"]):
            blocks.append(_section(macro("more_actions", len(table["actions"]) - len(shown), table["channel_id"])))
        elif not table["actions"]:
            blocks.append(_section(macro("no_actions")))
    return View(type="home", blocks=blocks[:HOME_BLOCKS_LIMIT]).to_dict()


def home_notice(text: str) -> dict[str, Any]:
    """The App Home tab holding one line: how the person learns that their tab could not be built."""
    return View(type="home", blocks=[_section(text)]).to_dict()


def _section(text: str) -> dict[str, Any]:
    return SectionBlock(text=MarkdownTextObject(text=_fit(text))).to_dict()


def _fit(text: str) -> str:
    """One section's text: a longer one (a 500-character action cannot be) keeps its first 3,000 characters."""
    return split_text(text, SECTION_LIMIT)[0] or " "


def summary_parent_blocks(renderer: Renderer, language: str, text: str, channel_id: str,
                          summary_id: int | None) -> list[dict[str, Any]]:
    """A summary's parent message: session, version and status; Approve and Request changes while it is a draft."""
    blocks = [SectionBlock(text=MarkdownTextObject(text=piece)).to_dict() for piece in split_text(text, SECTION_LIMIT)]
    if summary_id is None:
        return blocks
    value = f"{channel_id}:{summary_id}"
    buttons = [
        ButtonElement(action_id=APPROVE_SUMMARY, value=value, style="primary",
                      text=renderer.label(language, "approve_button")),
        ButtonElement(action_id=REQUEST_CHANGES, value=value,
                      text=renderer.label(language, "changes_button")),
    ]
    return [*blocks, ActionsBlock(elements=buttons).to_dict()]


def attendance_blocks(renderer: Renderer, language: str, text: str, channel_id: str,
                      meeting_number: int) -> list[dict[str, Any]]:
    """The meeting reminder: its text, and Attending / Apologies for the session it announces."""
    value = f"{channel_id}:{meeting_number}"
    buttons = [
        ButtonElement(action_id=ATTENDING, value=value, style="primary",
                      text=renderer.label(language, "attending_button")),
        ButtonElement(action_id=APOLOGIES, value=value, text=renderer.label(language, "apologies_button")),
    ]
    return [SectionBlock(text=MarkdownTextObject(text=piece)).to_dict() for piece in split_text(text, SECTION_LIMIT)
            ] + [ActionsBlock(elements=buttons).to_dict()]


def changes_modal(renderer: Renderer, language: str, channel_id: str, summary_id: int) -> dict[str, Any]:
    """The chair's reason for asking changes; the channel and the summary ride in private_metadata."""
    label = lambda key: renderer.label(language, key)  # noqa: E731 - a short local alias
    view = View(type="modal", callback_id=CHANGES_CALLBACK, private_metadata=f"{channel_id}:{summary_id}",
                title=label("changes_modal_title"), submit=label("submit"), close=label("cancel"),
                blocks=[InputBlock(block_id="reason", label=label("field_reason"),
                                   element=PlainTextInputElement(action_id="value", multiline=True,
                                                                 max_length=3000))])
    return view.to_dict()

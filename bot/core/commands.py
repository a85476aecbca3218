"""The command table: every slash command, its subcommands and their usage lines.

Handlers dispatch on these verbs, the help pages and the README show these usage lines, and tests check
that all of them (and manifest.yml) agree with this table.
"""

from __future__ import annotations

COMMANDS: dict[str, dict[str, str]] = {
    "/agenda": {
        "add": "/agenda add <title> [-- <description>]",
        "list": "/agenda list [session]",
        "withdraw": "/agenda withdraw <#>",
        "order": "/agenda order <#> <position>",
        "defer": "/agenda defer <#>",
        "close": "/agenda close",
        "help": "/agenda help",
    },
    "/action": {
        "add": "/action add <@user or ORG> <text> [due <date>]",
        "list": "/action list [mine | open | all | @user | ORG]",
        "done": "/action done <#>",
        "reopen": "/action reopen <#>",
        "due": "/action due <#> <date>",
        "help": "/action help",
    },
    "/meeting": {
        "schedule": "/meeting schedule <date> <time> [<duration>] [at <place or link>]",
        "next": "/meeting next",
        "list": "/meeting list",
        "move": "/meeting move <#> <date> <time>",
        "cancel": "/meeting cancel <#>",
        "recur": "/meeting recur monthly|quarterly <first|second|third|fourth|last> <weekday> <time> [<duration>] "
        "[at <place or link>] · /meeting recur off",
        "calendar": "/meeting calendar [revoke]",
        "help": "/meeting help",
    },
    "/minutes": {
        "note": "/minutes note|decision|info|question [#item] <text>",
        "notes": "/minutes notes [session]",
        "edit": "/minutes edit <n> [#item] <text> · /minutes delete <n>",
        "present": "/minutes present <ORG…> · /minutes absent <ORG…>",
        "draft": "/minutes draft [session]",
        "show": "/minutes show [session]",
        "export": "/minutes export [session] [md|html|docx]",
        "help": "/minutes help",
    },
    "/regie": {
        "setup": "/regie setup <name> [nl|en]",
        "member": "/regie member add <@user> <ORG> [chair|secretary|member|observer] [deputy] · "
        "/regie member remove <@user> · /regie member list",
        "settings": "/regie settings [language nl|en] [timezone <IANA name>] [holidays <country>] "
        "[reminders call=14d close=3d meeting=1d action=2d] [reminder-time HH:MM] [facts-credited on|off] "
        "[chatham on|off]",
        "help": "/regie help",
    },
}


def help_topic(command: str) -> str:
    """The help page of a command: `/agenda` → `help/agenda.md.j2`."""
    return f"help/{command.lstrip('/')}.md.j2"

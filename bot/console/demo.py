"""The demo table of `regiebot console --demo`: the LRT, seeded by typing the same commands a secretariat types.

Only data: console lines (`:as`, `:in`, slash commands) for a start date. Whatever the bot does with them is
the bot's business, so the seed holds no rule of its own.
"""

from __future__ import annotations

from datetime import date, timedelta

CHANNEL = "lrt"
TABLE_NAME = "Landelijke Regietafel Migratie en Integratie"
# (handle, organisation, role); the handle is also the Slack display name in the console's workspace
MEMBERS = (
    ("voorzitter", "BZK", "chair"),
    ("secretaris", "BZK", "secretary"),
    ("szw", "SZW", "member"),
    ("jenv", "JenV", "member"),
    ("vng", "VNG", "member"),
    ("ipo", "IPO", "member"),
    ("rijksheren", "Rijksheren", "member"),
    ("coa", "COA", "member"),
    ("aedes", "Aedes", "member"),
)
ORDINALS = ("eerste", "tweede", "derde", "vierde")


def first_session_day(today: date) -> date:
    """A Tuesday three to five weeks ahead that is the first to fourth of its month, so the quarterly rhythm
    starts there and a newcomer sees the call for items, the close and the reminder in turn."""
    day = today + timedelta(days=21)
    while day.weekday() != 1 or day.day > 28:
        day += timedelta(days=1)
    return day


def seed(today: date) -> list[str]:
    """The console lines that build the demo table on `today`."""
    session = first_session_day(today)
    ordinal = ORDINALS[(session.day - 1) // 7]
    lines = [":as @admin", f":in #{CHANNEL}", f"/regie setup {TABLE_NAME} nl"]
    lines += [f"/regie member add @{handle} {organisation} {role}" for handle, organisation, role in MEMBERS]
    lines += [
        ":as @secretaris",
        f"/meeting recur driemaandelijks {ordinal} dinsdag 10:00 2u op Ministerie van BZK, Den Haag",
        ":as @vng",
        "/agenda add Huisvesting statushouders -- Stand van de taakstelling per provincie en de knelpunten bij "
        "gemeenten",
        ":as @coa",
        "/agenda add Capaciteit opvanglocaties -- Bezetting, noodopvang en de planning voor het komende kwartaal",
        ":as @szw",
        "/agenda add Inburgering: eerste ervaringen met de nieuwe wet",
        ":as @secretaris",
        f"/action add @coa Overzicht beschikbare opvangplekken per regio aanleveren uiterlijk "
        f"{today + timedelta(days=3):%Y-%m-%d}",
        f"/action add VNG Knelpunten huisvesting inventariseren bij de gemeenten uiterlijk "
        f"{today + timedelta(days=10):%Y-%m-%d}",
        f"/action add @jenv Brief over de asielinstroom voorbereiden uiterlijk {session - timedelta(days=7):%Y-%m-%d}",
    ]
    return lines

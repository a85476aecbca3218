"""What the bot keeps of what happened: the audit trail, and the Slack deliveries it has acted on."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from bot.storage.models import AuditEntry, ProcessedDelivery


def claim_delivery(db: Session, *, key: str, now: datetime) -> bool:
    """Record a Slack delivery; False when it was recorded before (a retry or a double submission).

    One INSERT … ON CONFLICT DO NOTHING, in the caller's transaction, so the claim commits with the effect or
    not at all. (A SAVEPOINT did not do that on SQLite: pysqlite opens no transaction for it, so releasing it
    committed the claim on its own.) On SQLite it also takes the write lock, so a second delivery for the same
    record waits here and then reads what the first one wrote.
    """
    insert = sqlite_insert if db.get_bind().dialect.name == "sqlite" else postgresql_insert
    statement = (insert(ProcessedDelivery).values(key=key, received_at=now).on_conflict_do_nothing()
                 .returning(col(ProcessedDelivery.key)))
    return db.exec(statement).first() is not None


def forget_deliveries(db: Session, *, before: datetime) -> int:
    """Drop delivery records older than `before`; Slack retries within minutes, so old ones guard nothing."""
    result = db.exec(delete(ProcessedDelivery).where(col(ProcessedDelivery.received_at) < before))
    return int(result.rowcount or 0)


def record_audit(
    db: Session, *, table_id: int | None, team_id: str, actor_id: str, action: str, target: str, now: datetime,
    detail: dict[str, object] | None = None,
) -> None:
    db.add(AuditEntry(table_id=table_id, team_id=team_id, actor_id=actor_id, action=action, target=target,
                      detail=json.dumps(detail or {}, default=str, ensure_ascii=False), at=now))

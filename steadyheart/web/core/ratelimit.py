"""Fixed-window rate limits counted in the database, so every worker behind a balancer agrees."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from steadyheart.store.base import utcnow
from steadyheart.store.models.accounts import RateCounter


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many tries; wait {retry_after} seconds and try again.")
        self.retry_after = retry_after


@cache
def _upsert(dialect: str) -> Any:
    """One atomic count per request, built once per dialect (every request runs it)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(RateCounter).values(key=bindparam("key"), count=1, expires_at=bindparam("expires_at")) \
        .on_conflict_do_update(index_elements=[RateCounter.key], set_={"count": RateCounter.count + 1}) \
        .returning(RateCounter.count)


def count(session: Session, scope: str, identifier: str, limit: int, window: timedelta,
          now: datetime | None = None) -> RateLimited | None:
    """Count one request for (scope, identifier); past the window's limit, return the RateLimited to raise
    once the count is committed (None: allowed)."""
    now = now or utcnow()
    seconds = int(window.total_seconds())
    slot = math.floor(now.timestamp() / seconds)
    window_end = datetime.fromtimestamp((slot + 1) * seconds, tz=now.tzinfo)
    key = f"{scope}:{identifier}:{slot}"[:160]
    upsert = _upsert(session.get_bind().dialect.name)
    hits = session.execute(upsert, {"key": key, "expires_at": window_end}).scalar_one()
    if hits > limit:
        return RateLimited(max(1, math.ceil((window_end - now).total_seconds())))
    return None


def purge_expired(session: Session, now: datetime | None = None) -> int:
    result = session.execute(delete(RateCounter).where(RateCounter.expires_at < (now or utcnow())))
    return int(getattr(result, "rowcount", 0) or 0)

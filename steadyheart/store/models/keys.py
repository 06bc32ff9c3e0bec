"""Per-person data keys for servers, each sealed (wrapped) by the operator's master key.

A terminal home keeps its one key outside the database (OS keyring or key file), so this table stays
empty there. The wrapped key is useless without the master key, which never enters the database.
Imports only the store base and the core users table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from steadyheart.store.base import Base, UTCDateTime, utcnow


class DataKeyRecord(Base):
    __tablename__ = "data_keys"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    #: hex id of the data key; every value it sealed carries the same id
    key_id: Mapped[str] = mapped_column(String(16))
    #: base64(nonce | AES-GCM(master key, data key)), bound to user id and key id
    wrapped: Mapped[str] = mapped_column(Text)
    #: fingerprint of the master key that wrapped it, to name the right one when it is missing
    master_id: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

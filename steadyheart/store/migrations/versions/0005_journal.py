"""journal: check-ins

Revision ID: 0005_journal
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

from steadyheart.store.base import UTCDateTime

revision = "0005_journal"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("insecurity", sa.Integer(), nullable=True),
        sa.Column("anxiety", sa.Integer(), nullable=True),
        sa.Column("feelings", sa.JSON(), nullable=False),
        sa.Column("body_signals", sa.JSON(), nullable=False),
        sa.Column("traps_noticed", sa.JSON(), nullable=False),
        sa.Column("trigger", sa.Text(), nullable=True),
        sa.Column("urge", sa.Text(), nullable=True),
        sa.Column("urge_outcome", sa.String(length=16), nullable=True),
        sa.Column("sleep_hours", sa.Float(), nullable=True),
        sa.Column("social_minutes", sa.Integer(), nullable=True),
        sa.Column("partner_contact", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("share_note", sa.Boolean(), nullable=False),
        sa.Column("exercise", sa.Text(), nullable=True),
        sa.Column("intensity_before", sa.Integer(), nullable=True),
        sa.Column("intensity_after", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_checkins_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
    )
    op.create_index(op.f("ix_checkins_user_id"), "checkins", ["user_id"])
    op.create_index(op.f("ix_checkins_created_at"), "checkins", ["created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_checkins_created_at"), table_name="checkins")
    op.drop_index(op.f("ix_checkins_user_id"), table_name="checkins")
    op.drop_table("checkins")

"""measures: questionnaire administrations and answers

Revision ID: 0003_measures
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

from steadyheart.store.base import UTCDateTime

revision = "0003_measures"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "measure_administrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=64), nullable=False),
        sa.Column("instrument_version", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("completed_at", UTCDateTime(), nullable=True),
        sa.Column("total", sa.Float(), nullable=True),
        sa.Column("band", sa.String(length=32), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_measure_administrations_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_administrations")),
    )
    op.create_index(op.f("ix_measure_administrations_user_id"), "measure_administrations", ["user_id"])
    op.create_index(op.f("ix_measure_administrations_completed_at"), "measure_administrations", ["completed_at"])
    op.create_table(
        "measure_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("administration_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["administration_id"], ["measure_administrations.id"],
            name=op.f("fk_measure_answers_administration_id_measure_administrations"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_answers")),
        sa.UniqueConstraint("administration_id", "item_id", name="uq_measure_answers_item"),
    )
    op.create_index(op.f("ix_measure_answers_administration_id"), "measure_answers", ["administration_id"])


def downgrade() -> None:
    op.drop_table("measure_answers")
    op.drop_table("measure_administrations")

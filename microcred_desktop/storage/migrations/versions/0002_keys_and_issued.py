"""Signing keys (public halves and metadata) and issued credentials.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signing_key",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key_id", sa.String(80), nullable=False, unique=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("algorithm", sa.String(10), nullable=False),
        sa.Column("did", sa.String(120)),
        sa.Column("certificate_chain", sa.JSON, nullable=False),
        sa.Column("public_key", sa.LargeBinary, nullable=False),
        sa.Column("fingerprint", sa.String(100), nullable=False),
        sa.Column("subject", sa.String(400), nullable=False),
        sa.Column("not_after", sa.DateTime),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("storage", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("retired_at", sa.DateTime),
    )
    op.create_table(
        "issued_credential",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("learner_id", sa.Integer, sa.ForeignKey("learner.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("course_id", sa.Integer, sa.ForeignKey("course.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("completion_date", sa.Date, nullable=False),
        sa.Column("issued_at", sa.DateTime, nullable=False),
        sa.Column("valid_until", sa.DateTime),
        sa.Column("folder", sa.Text, nullable=False),
        sa.Column("files", sa.JSON, nullable=False),
        sa.Column("issuer_key_id", sa.String(80), nullable=False),
        sa.Column("seal_key_id", sa.String(80), nullable=False),
        sa.Column("template", sa.String(40), nullable=False),
        sa.Column("learner_name", sa.String(400), nullable=False),
        sa.Column("course_title", sa.String(400), nullable=False),
        sa.Column("revoked_at", sa.DateTime),
        sa.Column("revocation_reason", sa.Text, nullable=False),
    )
    op.create_index("ix_issued_credential_issued_at", "issued_credential", ["issued_at"])
    op.create_index("ix_issued_award", "issued_credential", ["learner_id", "course_id", "completion_date"])


def downgrade() -> None:
    op.drop_table("issued_credential")
    op.drop_table("signing_key")

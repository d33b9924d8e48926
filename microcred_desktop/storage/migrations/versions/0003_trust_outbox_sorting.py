"""Trusted issuers, the e-mail outbox, and a collation sort key for learners.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def upgrade() -> None:
    op.create_table(
        "trusted_issuer",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("legal_identifier", sa.String(80), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("signer_did", sa.String(120), nullable=False, unique=True),
        sa.Column("dids", sa.JSON, nullable=False),
        sa.Column("seal_certificates", sa.JSON, nullable=False),
        sa.Column("revoked", sa.JSON, nullable=False),
        sa.Column("profile", sa.JSON, nullable=False),
        sa.Column("issued_at", sa.DateTime, nullable=False),
        sa.Column("imported_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("credential_uuid", sa.String(36),
                  sa.ForeignKey("issued_credential.uuid", ondelete="RESTRICT"), nullable=False),
        sa.Column("learner_id", sa.Integer, sa.ForeignKey("learner.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime),
        sa.Column("sent_at", sa.DateTime),
        sa.Column("message_id", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_outbox_message_credential_uuid", "outbox_message", ["credential_uuid"])
    op.create_index("ix_outbox_state", "outbox_message", ["state", "next_attempt_at"])
    with op.batch_alter_table("learner") as batch:
        batch.add_column(sa.Column("sort_key", sa.Text, nullable=False, server_default=""))
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, family_name, given_name FROM learner")).all()
    for learner_id, family, given in rows:
        connection.execute(sa.text("UPDATE learner SET sort_key = :k WHERE id = :i"),
                           {"k": _fold(f"{family}\t{given}"), "i": learner_id})
    op.create_index("ix_learner_sort_key", "learner", ["sort_key"])


def downgrade() -> None:
    op.drop_index("ix_learner_sort_key", "learner")
    with op.batch_alter_table("learner") as batch:
        batch.drop_column("sort_key")
    op.drop_table("outbox_message")
    op.drop_table("trusted_issuer")

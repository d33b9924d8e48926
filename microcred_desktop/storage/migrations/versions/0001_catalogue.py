"""The catalogue: organisation, courses, learners, completions, audit log, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("legal_name", sa.JSON, nullable=False),
        sa.Column("short_name", sa.String(120), nullable=False),
        sa.Column("legal_identifier", sa.String(80), nullable=False),
        sa.Column("identifier_scheme", sa.String(40), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("website", sa.String(300), nullable=False),
        sa.Column("email", sa.String(300), nullable=False),
        sa.Column("signatory_name", sa.String(200), nullable=False),
        sa.Column("signatory_title", sa.JSON, nullable=False),
        sa.Column("verify_url", sa.String(300), nullable=False),
        sa.Column("accent_colour", sa.String(9), nullable=False),
        sa.Column("default_language", sa.String(8), nullable=False),
        sa.Column("logo_file", sa.String(200), nullable=False),
        sa.Column("signature_file", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "course",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(60), nullable=False, unique=True),
        sa.Column("title", sa.JSON, nullable=False),
        sa.Column("description", sa.JSON, nullable=False),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("learning_outcomes", sa.JSON, nullable=False),
        sa.Column("ects", sa.String(12)),
        sa.Column("hours", sa.String(12)),
        sa.Column("eqf_level", sa.Integer),
        sa.Column("nqf_level", sa.String(40)),
        sa.Column("isced_f", sa.String(200)),
        sa.Column("assessment", sa.String(200)),
        sa.Column("mode", sa.String(20)),
        sa.Column("setting", sa.String(20)),
        sa.Column("quality_assurance", sa.JSON, nullable=False),
        sa.Column("prerequisites", sa.JSON, nullable=False),
        sa.Column("supervision", sa.String(30)),
        sa.Column("grading", sa.JSON, nullable=False),
        sa.Column("stacks_into", sa.JSON, nullable=False),
        sa.Column("further_information", sa.JSON, nullable=False),
        sa.Column("validity_months", sa.Integer),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "learner",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("given_name", sa.String(200), nullable=False),
        sa.Column("family_name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(300)),
        sa.Column("date_of_birth", sa.Date),
        sa.Column("national_id", sa.String(60)),
        sa.Column("external_id", sa.String(100)),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_learner_sort", "learner", ["family_name", "given_name"])
    op.create_index("ix_learner_email", "learner", ["email"])
    op.create_index("ix_learner_external_id", "learner", ["external_id"])
    op.create_table(
        "completion",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("learner_id", sa.Integer, sa.ForeignKey("learner.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("course_id", sa.Integer, sa.ForeignKey("course.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("completion_date", sa.Date, nullable=False),
        sa.Column("grade", sa.String(60)),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("learner_id", "course_id", "completion_date", name="uq_completion"),
    )
    op.create_index("ix_completion_learner_id", "completion", ["learner_id"])
    op.create_index("ix_completion_course_id", "completion", ["course_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_action", "audit_log", ["action"])
    op.create_table(
        "setting",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("value", sa.JSON),
    )


def downgrade() -> None:
    for table in ("setting", "audit_log", "completion", "learner", "course", "organisation"):
        op.drop_table(table)

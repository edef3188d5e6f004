"""attempt questions can be flagged; attempts can be an instructor's preview

Revision ID: b7c41d2e9a10
Revises: 802d14c0ba08
Create Date: 2026-12-01 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = "b7c41d2e9a10"
down_revision = "802d14c0ba08"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attempt_question") as batch:
        batch.add_column(
            sa.Column("flagged", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("attempt") as batch:
        batch.drop_constraint(op.f("ck_attempt_purpose"), type_="check")
        batch.create_check_constraint(
            op.f("ck_attempt_purpose"), "purpose IN ('graded', 'practice', 'preview')"
        )


def downgrade():
    op.execute("DELETE FROM attempt WHERE purpose = 'preview'")
    with op.batch_alter_table("attempt") as batch:
        batch.drop_constraint(op.f("ck_attempt_purpose"), type_="check")
        batch.create_check_constraint(op.f("ck_attempt_purpose"), "purpose IN ('graded', 'practice')")
    with op.batch_alter_table("attempt_question") as batch:
        batch.drop_column("flagged")

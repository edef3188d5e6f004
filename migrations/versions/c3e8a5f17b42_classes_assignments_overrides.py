"""classes, quiz assignments and per-student overrides; draft quizzes; bank study mode;
one-time passwords to change

Revision ID: c3e8a5f17b42
Revises: b7c41d2e9a10
Create Date: 2026-12-01 12:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "c3e8a5f17b42"
down_revision = "b7c41d2e9a10"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "classroom",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("join_code", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_classroom_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classroom")),
        sa.UniqueConstraint("join_code", name=op.f("uq_classroom_join_code")),
    )
    with op.batch_alter_table("classroom") as batch:
        batch.create_index(batch.f("ix_classroom_owner_id"), ["owner_id"], unique=False)
    op.create_table(
        "class_member",
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('student', 'instructor')", name=op.f("ck_class_member_role")),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["classroom.id"],
            name=op.f("fk_class_member_class_id_classroom"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_class_member_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("class_id", "user_id", name=op.f("pk_class_member")),
    )
    with op.batch_alter_table("class_member") as batch:
        batch.create_index("ix_class_member_user", ["user_id"], unique=False)
    op.create_table(
        "class_quiz",
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["classroom.id"],
            name=op.f("fk_class_quiz_class_id_classroom"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["quiz_id"], ["quiz.id"], name=op.f("fk_class_quiz_quiz_id_quiz"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("class_id", "quiz_id", name=op.f("pk_class_quiz")),
    )
    with op.batch_alter_table("class_quiz") as batch:
        batch.create_index("ix_class_quiz_quiz", ["quiz_id"], unique=False)
    op.create_table(
        "quiz_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("extra_minutes", sa.Integer(), nullable=True),
        sa.Column("extra_percent", sa.Integer(), nullable=True),
        sa.Column("extra_attempts", sa.Integer(), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "extra_minutes IS NULL OR extra_minutes >= 0",
            name=op.f("ck_quiz_override_extra_minutes"),
        ),
        sa.CheckConstraint(
            "extra_percent IS NULL OR extra_percent >= 0",
            name=op.f("ck_quiz_override_extra_percent"),
        ),
        sa.CheckConstraint("extra_attempts >= 0", name=op.f("ck_quiz_override_extra_attempts")),
        sa.CheckConstraint(
            "opens_at IS NULL OR closes_at IS NULL OR closes_at > opens_at",
            name=op.f("ck_quiz_override_window"),
        ),
        sa.ForeignKeyConstraint(
            ["quiz_id"], ["quiz.id"], name=op.f("fk_quiz_override_quiz_id_quiz"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_quiz_override_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_override")),
        sa.UniqueConstraint("quiz_id", "user_id", name=op.f("uq_quiz_override_quiz_id")),
    )
    with op.batch_alter_table("quiz_override") as batch:
        batch.create_index(batch.f("ix_quiz_override_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("quiz") as batch:
        batch.add_column(
            sa.Column("open_to_all", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(
            sa.Column("hidden", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # Quizzes made before classes existed were open to everyone: they stay so.
    op.execute("UPDATE quiz SET open_to_all = TRUE")
    with op.batch_alter_table("bank") as batch:
        batch.add_column(
            sa.Column("study_mode", sa.String(length=16), server_default="study", nullable=False)
        )
        batch.create_check_constraint(
            op.f("ck_bank_study_mode"), "study_mode IN ('study', 'assessment')"
        )
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
    with op.batch_alter_table("bank") as batch:
        batch.drop_constraint(op.f("ck_bank_study_mode"), type_="check")
        batch.drop_column("study_mode")
    with op.batch_alter_table("quiz") as batch:
        batch.drop_column("hidden")
        batch.drop_column("open_to_all")
    op.drop_table("quiz_override")
    op.drop_table("class_quiz")
    op.drop_table("class_member")
    op.drop_table("classroom")

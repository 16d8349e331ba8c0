"""The checkpoint of `sitrep watch`: each source it has taken, at the version it took.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

A database that a development build of `sitrep watch` wrote before this revision may have the
table already (it was created with the rest of the schema then): it is kept as it is.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("watched"):
        return
    op.create_table(
        "watched",
        sa.Column("source", sa.String(2048), primary_key=True),
        sa.Column("version", sa.String(128), nullable=False),
        sa.Column("stored", sa.Text),
        sa.Column("taken_at", sa.DateTime, nullable=False),
    )

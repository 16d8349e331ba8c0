"""PostGIS, where the PostgreSQL server has it: a GiST index on each event's and happening's point,
which the bounding-box filter then uses (`Store.point_index`).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

SQLite, and a PostgreSQL without PostGIS or a user who may not create the extension, keep the plain
latitude/longitude range filter on the B-tree indexes. The indexes are on the expression
ST_MakePoint(longitude, latitude): no column to keep in step with the coordinates.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

POINT_INDEXES = {"ix_events_point": "events", "ix_happenings_point": "happenings"}
MAKE_POINT_VISIBLE = "to_regprocedure('st_makepoint(double precision, double precision)') IS NOT NULL"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    if bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")).first() is None:
        return
    try:
        with bind.begin_nested():  # a savepoint: refused, the migration goes on without PostGIS
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis"))
    except sa.exc.DBAPIError:
        return
    if not bind.execute(sa.text(f"SELECT {MAKE_POINT_VISIBLE}")).scalar():
        return  # installed in a schema off this user's search path: the plain filter it is
    for name, table in POINT_INDEXES.items():
        bind.execute(
            sa.text(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gist (ST_MakePoint(longitude, latitude))"
            )
        )

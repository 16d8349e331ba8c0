"""Schema migrations (Alembic), run when a Store opens, the same on SQLite and PostgreSQL.

Each revision in versions/ upgrades in place inside the Store's transaction. The first, 0001,
creates the schema as it stood before migrations, or brings a database an earlier sitrep wrote
(without the alembic_version table) up to it; later ones change it one step each.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, func, select

# any fixed number: the key of the PostgreSQL lock under which one writer at a time migrates
MIGRATION_LOCK = 7_301_001


def upgrade(connection: Connection) -> None:
    """Bring the database to the newest revision, inside the caller's transaction."""
    if connection.dialect.name == "postgresql":
        # several processes opening a new database at once: the first migrates, the others wait
        connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")

"""Alembic's environment: migrations run on the connection the Store opened (`migrations.upgrade`)."""

from alembic import context

from sitrep.store.schema import metadata

context.configure(connection=context.config.attributes["connection"], target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()

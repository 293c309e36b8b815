"""What an installation is: its version, its migration state, whether its database holds data."""

from __future__ import annotations

from importlib import metadata

from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

# Tables that `migrate` fills by itself: a database with rows only there counts as empty.
MIGRATE_FILLED = {"django_migrations", "django_content_type", "auth_permission"}


def gdnn_version() -> str:
    try:
        return metadata.version("gdnn")
    except metadata.PackageNotFoundError:
        return "unknown"


def migrations_applied(alias: str = "default") -> dict[str, list[str]]:
    """{app label: [migration names applied, sorted]} as recorded in the database."""
    connection = connections[alias]
    if not MigrationRecorder(connection).has_table():
        return {}
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def migrations_known() -> set[tuple[str, str]]:
    """Every migration this code base has, applied or not."""
    executor = MigrationExecutor(connections["default"])
    return set(executor.loader.disk_migrations)


def migrations_pending(alias: str = "default") -> list[str]:
    """The migrations `migrate` would apply, as "app.name"."""
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, backwards in plan if not backwards]


def database_tables(alias: str = "default") -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def database_holds_data(alias: str = "default") -> list[str]:
    """The tables that hold rows, besides those `migrate` fills: empty for a new or only migrated database."""
    connection = connections[alias]
    full = []
    with connection.cursor() as cursor:
        for table in database_tables(alias):
            if table in MIGRATE_FILLED:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                full.append(table)
    return full

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "gdnn.common"
    label = "common"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        connection_created.connect(_sqlite_private, dispatch_uid="gdnn-sqlite-private")


_checked: set[str] = set()


def _sqlite_private(sender, connection, **kwargs) -> None:
    """An SQLite file (and its -wal, -shm) readable by its owner only: it holds password hashes and
    sessions. Installs made before this rule get their mode fixed at the first connection."""
    import os

    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name in _checked or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return
    _checked.add(name)
    for path in (name, f"{name}-wal", f"{name}-shm"):
        try:
            if os.stat(path).st_mode & 0o077 and os.stat(path).st_uid == os.getuid():
                os.chmod(path, 0o600)
        except OSError:
            pass

"""Operations: backup, restore, upgrade, health checks and file permissions of an installation.

Not a Django app (no models): plain services called by `gdnn backup|restore|upgrade|check` and by
the `/healthz` view. See docs/deployment.md for how an operator uses them.
"""

"""The PostgreSQL client programs (pg_dump, pg_restore, psql) and the connection for them.

The connection goes through libpq's environment variables, so no password is on a command line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.db import connections

from gdnn.common.errors import DomainError


def _version(program: Path) -> int:
    try:
        out = subprocess.run([str(program), "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return 0
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", out)
    return int(match.group(1)) if match else 0


def pg_program(name: str) -> Path:
    """The newest `name` found: GDNN_PG_BINDIR, /usr/lib/postgresql/*/bin, then PATH."""
    candidates: list[Path] = []
    if os.environ.get("GDNN_PG_BINDIR"):
        candidates.append(Path(os.environ["GDNN_PG_BINDIR"]) / name)
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    usable = [c for c in candidates if c.is_file() and os.access(c, os.X_OK)]
    if not usable:
        raise DomainError(f"Không tìm thấy chương trình {name} của PostgreSQL: cài gói postgresql-client "
                          "hoặc đặt GDNN_PG_BINDIR.")
    if os.environ.get("GDNN_PG_BINDIR") and usable[0].parent == Path(os.environ["GDNN_PG_BINDIR"]):
        return usable[0]
    return max(usable, key=_version)


def pg_env(alias: str = "default") -> dict[str, str]:
    """The process environment plus PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE of the database."""
    db = connections[alias].settings_dict
    env = dict(os.environ)
    for key, value in (("PGHOST", db.get("HOST")), ("PGPORT", db.get("PORT")), ("PGUSER", db.get("USER")),
                       ("PGPASSWORD", db.get("PASSWORD")), ("PGDATABASE", db.get("NAME"))):
        if value:
            env[key] = str(value)
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env

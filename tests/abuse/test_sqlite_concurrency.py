"""SQLite under a long import (issue 14, item 4) — a CONCURRENCY test, about a minute: a real
server (gunicorn, `gdnn serve`) on a file SQLite database, a 100,000-row CSV imported with the CLI,
and 10 clients at the same time saving cells through the API, logging in and reading the API.
No answer may be a 5xx, and the import must succeed.

The database is a copy of this test's database (the whole country's units, the small world of
the collection tests and many institutions), dumped through the test's own connection."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from gdnn.accounts.services import apitoken_create
from gdnn.collection.selectors import form_structure
from gdnn.orgunits.models import Institution
from gdnn.orgunits.services import institution_create
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.concurrency, pytest.mark.timeout(900),
              pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single writer is the point")]
ROWS = 100_000
CLIENTS = 10


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client(threading.Thread):
    """One user: saves a cell through the API, reads the API, logs in on the page, again and again."""

    def __init__(self, base: str, token: str, body: bytes, username: str, stop: threading.Event, seen: Counter):
        super().__init__(daemon=True)
        self.base, self.token, self.body, self.username, self.stop, self.seen = base, token, body, username, stop, seen

    def call(self, kind: str, request: urllib.request.Request, opener=None) -> str:
        try:
            with (opener or urllib.request.build_opener()).open(request, timeout=60) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode("utf-8", "replace")
        except OSError as exc:  # a refused or dropped connection counts as a failure too
            status, text = 599, str(exc)
        self.seen[(kind, status // 100)] += 1
        if status >= 500:
            self.seen[("failure", text[:200])] += 1
        return text

    def login(self) -> None:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = self.call("login", urllib.request.Request(f"{self.base}/login/"), opener)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not match:
            return
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1), "username": self.username,
                                       "password": PASSWORD}).encode()
        self.call("login", urllib.request.Request(f"{self.base}/login/", data=form,
                                                  headers={"Referer": f"{self.base}/login/"}), opener)

    def run(self) -> None:
        auth = {"Authorization": f"Bearer {self.token}"}
        while not self.stop.is_set():
            self.call("save", urllib.request.Request(f"{self.base}/api/v1/datavalues", data=self.body,
                                                     headers={**auth, "Content-Type": "application/json"}))
            self.call("read", urllib.request.Request(f"{self.base}/api/v1/me", headers=auth))
            self.login()


def test_a_long_import_on_sqlite_leaves_other_users_without_5xx(world, tmp_path):
    w = world
    form = form_structure(data_set=w.inst, period=w.half)
    cells = [(e, k) for (e, k), c in form.cells().items() if c.value_type == "count"]
    schools = -(-ROWS // len(cells))
    for i in range(schools):
        institution_create(code=f"CD-LS-B{i:04d}", name=f"Trường Cao đẳng B{i:04d}", commune=w.commune,
                           institution_type=Institution.Type.COLLEGE, ownership=Institution.Ownership.PUBLIC)
    lines = ["dataelement,period,orgunit,categoryoptioncombo,value"]
    for i in range(schools):
        for element, key in cells:
            lines.append(f"{element},{w.half.code},CD-LS-B{i:04d},{key},{(i + len(lines)) % 97}")
    lines = lines[:ROWS + 1]
    csv_file = tmp_path / "lon.csv"
    csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Clients: reporters of the two schools of the world, each with a token; they save one cell.
    tokens = [apitoken_create(user=w.reporter, name=f"c{i}")[1] for i in range(CLIENTS)]
    body = json.dumps({"period": w.half.code, "orgUnit": w.school.code,
                       "dataValues": [{"dataElement": "MANAGERS", "categoryOptionCombo": "", "value": 7}]}).encode()
    database = tmp_path / "data" / "gdnn.sqlite3"
    database.parent.mkdir()
    target = sqlite3.connect(database, isolation_level=None)
    target.execute("PRAGMA journal_mode=WAL")
    target.execute("PRAGMA synchronous=OFF")
    connection.ensure_connection()
    # The test's database is in memory, shared-cache, inside this test's transaction: the backup API
    # and VACUUM INTO cannot read it, a dump through the same connection can (it sees our rows).
    target.execute("BEGIN")
    for statement in connection.connection.iterdump():
        if statement not in ("BEGIN TRANSACTION;", "COMMIT;"):
            target.execute(statement)
    target.execute("COMMIT")
    target.close()

    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "GDNN_DATA_DIR": str(database.parent),
           "GDNN_SECURE": "0", "ALLOWED_HOSTS": "127.0.0.1", "GDNN_PLAIN_STATIC": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    gdnn = str(Path(sys.executable).with_name("gdnn"))
    server = subprocess.Popen([gdnn, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/login/", timeout=5).read()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.3)
        seen: Counter = Counter()
        stop = threading.Event()
        started = time.monotonic()
        importer = subprocess.Popen([gdnn, "data", "import", str(csv_file)], env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        clients = [Client(base, tokens[i], body, "baocao", stop, seen) for i in range(CLIENTS)]
        for client in clients:
            client.start()
        out, err = importer.communicate(timeout=600)
        elapsed = time.monotonic() - started
        stop.set()
        for client in clients:
            client.join(timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"import of {ROWS:,} rows: {elapsed:.1f} s; answers: {dict(seen)}")
    assert importer.returncode == 0, err.decode()[-2000:]
    assert "100000 giá trị thay đổi" in out.decode() or f"{ROWS} giá trị" in out.decode(), out.decode()
    failures = {k: v for k, v in seen.items() if k[0] == "failure" or k[1] == 5}
    assert not failures, failures
    for kind in ("save", "read", "login"):
        assert seen[(kind, 2)] + seen[(kind, 3)] > CLIENTS, (kind, dict(seen))

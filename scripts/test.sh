#!/usr/bin/env bash
# Lint (ruff, mypy), then run the whole pytest suite twice, side by side: on SQLite and on PostgreSQL
# (throwaway cluster).
# Extra pytest arguments: PYTEST_ARGS="-k foo -x". Exit status is non-zero if either run failed
# or if a run collected no tests (pytest's exit status 5).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
# shellcheck source=lib.sh
. "$here/lib.sh"

pytest_bin=.venv/bin/pytest
[ -x "$pytest_bin" ] || gdnn_die "$pytest_bin not found: run 'make install' first"

# shellcheck disable=SC2206  # PYTEST_ARGS is split on purpose
args=(${PYTEST_ARGS:-})
if [ -n "${CI:-}" ]; then
    args=(-p no:cacheprovider "${args[@]}")
fi

trap 'echo; echo "== tests interrupted"; exit 130' INT
trap 'echo; echo "== tests terminated"; exit 143' TERM

describe() {  # exit status -> word
    case $1 in
        0) echo "passed" ;;
        5) echo "FAILED (no tests ran)" ;;
        *) echo "FAILED (exit $1)" ;;
    esac
}

echo "== lint: ruff + mypy =="
rc_lint=0
.venv/bin/ruff check src tests || rc_lint=$?
.venv/bin/mypy || rc_lint=$?

# The two runs are independent (own database, own temporary directories, free ports): run them side
# by side, SQLite in the foreground and PostgreSQL in the background with its output kept in a log
# that is printed when it ends. GDNN_TEST_SERIAL=1 runs them one after the other.
pgver=$(gdnn_pg_version "$(gdnn_pg_bindir 15)" 2>/dev/null || true)
pg_log=$(mktemp -t gdnn-test-pg.XXXXXX)
rc_pg=0
t_pg=0
run_pg() {
    local t0=$SECONDS rc=0
    "$here/with-postgres.sh" "$pytest_bin" "${args[@]}" || rc=$?
    echo "$rc $((SECONDS - t0))" > "$pg_log.status"
}
if [ -z "${GDNN_TEST_SERIAL:-}" ]; then
    run_pg > "$pg_log" 2>&1 &
    pg_pid=$!
    trap 'kill -TERM $pg_pid 2>/dev/null; wait $pg_pid 2>/dev/null; echo; echo "== tests interrupted"; exit 130' INT
    trap 'kill -TERM $pg_pid 2>/dev/null; wait $pg_pid 2>/dev/null; echo; echo "== tests terminated"; exit 143' TERM
    echo
    echo "== tests on PostgreSQL ${pgver:-?} (throwaway cluster) started in the background; output follows the SQLite run"
fi

echo
echo "== tests on SQLite =="
t0=$SECONDS
rc_sqlite=0
env -u DATABASE_URL "$pytest_bin" "${args[@]}" || rc_sqlite=$?
t_sqlite=$((SECONDS - t0))

echo
echo "== tests on PostgreSQL ${pgver:-?} (throwaway cluster) =="
if [ -z "${GDNN_TEST_SERIAL:-}" ]; then
    wait "$pg_pid" || true
    cat "$pg_log"
else
    run_pg 2>&1 | tee "$pg_log"
fi
if [ -f "$pg_log.status" ]; then
    read -r rc_pg t_pg < "$pg_log.status"
else
    rc_pg=1
fi
rm -f "$pg_log" "$pg_log.status"

echo
echo "== summary: lint $(describe $rc_lint); SQLite $(describe $rc_sqlite) in ${t_sqlite}s; PostgreSQL ${pgver:-?} $(describe $rc_pg) in ${t_pg}s"
if [ $rc_lint -ne 0 ] || [ $rc_sqlite -ne 0 ] || [ $rc_pg -ne 0 ]; then
    echo "== TESTS FAILED"
    exit 1
fi
echo "== all tests passed"

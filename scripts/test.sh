#!/usr/bin/env bash
# Lint (ruff, mypy), then run the whole pytest suite twice: on SQLite, then on PostgreSQL (throwaway cluster).
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

echo
echo "== tests on SQLite =="
t0=$SECONDS
rc_sqlite=0
env -u DATABASE_URL "$pytest_bin" "${args[@]}" || rc_sqlite=$?
t_sqlite=$((SECONDS - t0))

pgver=$(gdnn_pg_version "$(gdnn_pg_bindir 15)" 2>/dev/null || true)
echo
echo "== tests on PostgreSQL ${pgver:-?} (throwaway cluster) =="
t0=$SECONDS
rc_pg=0
"$here/with-postgres.sh" "$pytest_bin" "${args[@]}" || rc_pg=$?
t_pg=$((SECONDS - t0))

echo
echo "== summary: lint $(describe $rc_lint); SQLite $(describe $rc_sqlite) in ${t_sqlite}s; PostgreSQL ${pgver:-?} $(describe $rc_pg) in ${t_pg}s"
if [ $rc_lint -ne 0 ] || [ $rc_sqlite -ne 0 ] || [ $rc_pg -ne 0 ]; then
    echo "== TESTS FAILED"
    exit 1
fi
echo "== all tests passed"

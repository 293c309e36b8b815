#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh CMD [ARGS...]
#
# Starts a throwaway PostgreSQL (>= 15) cluster in a temporary directory, listening on a free
# port on 127.0.0.1 only, with database "gdnn" owned by superuser "gdnn" (trust auth); runs CMD
# with DATABASE_URL=postgres://gdnn@127.0.0.1:PORT/gdnn; then always stops the cluster and
# removes the directory (on success, failure, Ctrl-C or TERM). Exits with CMD's status
# (130/143 when interrupted).
#
# GDNN_PG_KEEP=DIR keeps the cluster in DIR instead: created on the first run, reused (data and
# all) by the next ones, stopped but never removed at the end. For benchmarks that need their
# generated data again, e.g. `GDNN_PG_KEEP=/tmp/gdnn-bench-pg scripts/with-postgres.sh
# .venv/bin/gdnn bench analytics --scale national --json`; delete DIR to start afresh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

[ $# -gt 0 ] || gdnn_die "usage: $0 CMD [ARGS...]"

bindir=$(gdnn_pg_bindir 15) \
    || gdnn_die "no PostgreSQL >= 15 found (initdb/pg_ctl in /usr/lib/postgresql/*/bin or on PATH); run 'make install'"
pgver=$(gdnn_pg_version "$bindir")

tmp=""
keep=${GDNN_PG_KEEP:-}
child=""
as_owner=()   # prefix that runs a command as the cluster's owner
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi
    if command -v runuser >/dev/null 2>&1; then
        as_owner=(runuser -u postgres --)
    else
        as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups --)
    fi
fi

cleanup() {
    local pid i stop_mode=immediate
    [ -n "$keep" ] && stop_mode=fast   # a kept cluster must come back with its data
    trap - EXIT INT TERM HUP
    if [ -n "$tmp" ] && [ -d "$tmp" ]; then
        if [ -f "$tmp/data/postmaster.pid" ]; then
            (cd "$tmp" && "${as_owner[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m "$stop_mode" -w -t 60 stop) \
                >/dev/null 2>&1 || true
            pid=$(head -n1 "$tmp/data/postmaster.pid" 2>/dev/null || true)
            if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
                kill -KILL "$pid" 2>/dev/null || true
                for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            fi
        fi
        [ -n "$keep" ] || rm -rf "$tmp" 2>/dev/null || { sleep 0.5; rm -rf "$tmp" || true; }
    fi
}

on_signal() {
    local sig=$1 code=$2 i
    if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
        # After a Ctrl-C the command got the signal too: give it a moment to stop by itself.
        for i in $(seq 20); do kill -0 "$child" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$child" 2>/dev/null; then
            kill -s "$sig" "$child" 2>/dev/null || true
            for i in $(seq 100); do kill -0 "$child" 2>/dev/null || break; sleep 0.1; done
            kill -KILL "$child" 2>/dev/null || true
        fi
    fi
    gdnn_log "with-postgres: interrupted ($sig); throwaway cluster removed"
    exit "$code"   # the EXIT trap runs cleanup
}

trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap 'on_signal HUP 129' HUP

base=${TMPDIR:-/tmp}
[ ${#base} -le 60 ] || base=/tmp   # keep the Unix socket path short
if [ -n "$keep" ]; then
    [ ${#keep} -le 60 ] || gdnn_die "GDNN_PG_KEEP must be a short path (Unix socket limit)"
    mkdir -p "$keep"
    tmp=$(cd "$keep" && pwd)
else
    tmp=$(mktemp -d "$base/gdnn-pg.XXXXXXXX")
fi
chmod 700 "$tmp"
[ "$(id -u)" -eq 0 ] && chown postgres: "$tmp"
fresh=1
[ -f "$tmp/data/PG_VERSION" ] && fresh=0

locale_opts=(--no-locale)
if locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then
    locale_opts=(--locale=C.UTF-8)
fi
if [ "$fresh" -eq 1 ] && ! (cd "$tmp" && "${as_owner[@]}" "$bindir/initdb" -D "$tmp/data" --auth=trust -U gdnn \
        --encoding=UTF8 "${locale_opts[@]}" --no-sync) >"$tmp/initdb.log" 2>&1; then
    cat "$tmp/initdb.log" >&2
    gdnn_die "initdb failed"
fi

free_port() {
    local py
    py=$(command -v python3 || true)
    [ -x "$here/../.venv/bin/python" ] && py="$here/../.venv/bin/python"
    "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port=""
for attempt in 1 2 3; do
    port=$(free_port)
    if (cd "$tmp" && "${as_owner[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
            -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start) >/dev/null 2>&1; then
        break
    fi
    port=""
    gdnn_log "with-postgres: start attempt $attempt failed:"
    tail -n 5 "$tmp/server.log" >&2 2>/dev/null || true
done
[ -n "$port" ] || gdnn_die "could not start PostgreSQL $pgver"

for i in $(seq 100); do
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U gdnn -d postgres && break
    [ "$i" -eq 100 ] && gdnn_die "PostgreSQL did not become ready (see above)"
    sleep 0.1
done
if [ "$fresh" -eq 1 ]; then
    "$bindir/createdb" -h 127.0.0.1 -p "$port" -U gdnn gdnn
fi

export DATABASE_URL="postgres://gdnn@127.0.0.1:$port/gdnn"
gdnn_log "with-postgres: PostgreSQL $pgver on 127.0.0.1:$port (data in $tmp)"

# Run CMD in the background and wait for it, so that a signal sent to this script alone is
# handled at once; keep stdin and give CMD the default INT/QUIT handling back.
env --default-signal=INT,QUIT "$@" <&0 &
child=$!
rc=0
wait "$child" || rc=$?
child=""
exit "$rc"

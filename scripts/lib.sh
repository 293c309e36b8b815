# Shared helpers for GDNN's install and test scripts (sourced, not run).
# shellcheck shell=bash

gdnn_log() { printf '%s\n' "$*" >&2; }
gdnn_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Print the bin directory of the newest PostgreSQL (>= $1, default 15) that has initdb and pg_ctl,
# looking in /usr/lib/postgresql/*/bin and on PATH. Prints nothing and returns 1 if none is found.
gdnn_pg_bindir() {
    local min=${1:-15} best="" bestv=0 d v cand
    local -a cands=()
    for d in /usr/lib/postgresql/*/bin; do
        cands+=("$d")
    done
    if cand=$(command -v initdb 2>/dev/null); then
        cands+=("$(dirname "$(readlink -f "$cand")")")
    fi
    for d in "${cands[@]}"; do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] || continue
        v=$("$d/initdb" --version 2>/dev/null | sed -n 's/.*(PostgreSQL) \([0-9][0-9]*\).*/\1/p' | head -n1)
        [ -n "$v" ] || continue
        if [ "$v" -ge "$min" ] && [ "$v" -gt "$bestv" ]; then
            best=$d
            bestv=$v
        fi
    done
    [ -n "$best" ] || return 1
    printf '%s\n' "$best"
}

# Major version of the PostgreSQL in bin directory $1.
gdnn_pg_version() {
    "$1/initdb" --version 2>/dev/null | sed -n 's/.*(PostgreSQL) \([0-9][0-9]*\).*/\1/p' | head -n1
}

#!/usr/bin/env bash
# Print the absolute path of a Python >= 3.12 interpreter (with venv support), or fail with one
# clear message. Set PYTHON=/path/to/python to choose one yourself.
set -uo pipefail

MIN_MAJOR=3
MIN_MINOR=12

check='import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= ('"$MIN_MAJOR"', '"$MIN_MINOR"') else 1)'

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
for v in 3.12 3.13 3.14; do
    candidates+=("python$v")
done
if command -v pyenv >/dev/null 2>&1; then
    for v in 3.12 3.13; do
        p=$(pyenv which "python$v" 2>/dev/null) && candidates+=("$p")
        p=$(pyenv prefix "$v" 2>/dev/null) && candidates+=("$p/bin/python3")
    done
fi
for root in "${PYENV_ROOT:-}" "$HOME/.pyenv" /root/.pyenv; do
    [ -n "$root" ] || continue
    for p in "$root"/versions/3.1[2-9]*/bin/python3; do
        [ -x "$p" ] && candidates+=("$p")
    done
done
candidates+=(/usr/local/bin/python3 /usr/bin/python3 python3)

tried=()
for c in "${candidates[@]}"; do
    if [[ $c != /* ]]; then
        c=$(command -v "$c" 2>/dev/null) || continue
    fi
    [ -x "$c" ] || continue
    [[ " ${tried[*]:-} " == *" $c "* ]] && continue
    tried+=("$c")
    # A pyenv shim may exist for a version that is not selected: running it is the only real test.
    if "$c" -c "$check" >/dev/null 2>&1; then
        "$c" -c 'import sys; print(sys.executable)'
        exit 0
    fi
done

echo "error: no Python >= $MIN_MAJOR.$MIN_MINOR (with venv/ensurepip) found; tried: ${tried[*]:-nothing}." \
     "Install one (e.g. 'pyenv install 3.12' or Debian's python3.12) or run with PYTHON=/path/to/python3.12." >&2
exit 1

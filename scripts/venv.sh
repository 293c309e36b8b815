#!/usr/bin/env bash
# Create .venv with Python >= 3.12 (or reuse a working one) and install GDNN into it in
# editable mode with its dev extras.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
venv=${VENV:-.venv}

if [ -x "$venv/bin/python" ] \
   && "$venv/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    :
else
    py=$("$here/find-python.sh")
    [ -e "$venv" ] && { echo "== $venv is broken or too old: recreating it" >&2; rm -rf "$venv"; }
    echo "== creating $venv with $py ($("$py" --version 2>&1))" >&2
    "$py" -m venv "$venv"
fi

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -e '.[dev]'

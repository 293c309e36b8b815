#!/usr/bin/env bash
# Install the Debian packages GDNN needs, only those that are missing.
# As root: runs apt-get itself (noninteractive). As another user: prints the sudo line and fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

packages=(
    chromium chromium-driver     # browser tests (Playwright drives Debian's Chromium)
    poppler-utils                # pdftotext/pdftoppm: PDF plans and report checks
    fonts-liberation             # fonts for PDFs and screenshots
    tesseract-ocr tesseract-ocr-vie   # OCR of scanned plans
    libreoffice-writer-nogui     # DOCX -> PDF
    python3-uno                  # the system Python drives a running LibreOffice (persistent PDF converter)
    gettext                      # msgfmt for Django's compilemessages
)
# PostgreSQL: only when no initdb of version >= 15 is there already.
gdnn_pg_bindir 15 >/dev/null || packages+=(postgresql)
# Node.js/npm (for the front-end assets): Debian's only if none is on PATH.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

if ! command -v dpkg-query >/dev/null 2>&1; then
    gdnn_log "warning: dpkg-query not found (not a Debian system?); make sure these are installed: ${packages[*]}"
    exit 0
fi

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing Debian packages. Run this, then 'make install' again:" >&2
    echo "  sudo DEBIAN_FRONTEND=noninteractive ${cmd[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=900 -o Dpkg::Use-Pty=0 -q)
gdnn_log "== installing Debian packages: ${missing[*]}"
# Update the package lists only when they are missing or more than a day old, or when the
# install fails with the lists we have.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -1440 -print -quit 2>/dev/null)" ]; then
    apt-get "${apt_opts[@]}" update
    apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}"
elif ! apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}"; then
    gdnn_log "== apt-get install failed; updating the package lists and trying again"
    apt-get "${apt_opts[@]}" update
    apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}"
fi

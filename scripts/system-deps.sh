#!/bin/sh
# Install the Debian packages the app and its tests need, if any is missing:
# Chromium for browser tests, and Pango for PDF letters. Letters are set in
# DejaVu, which covers the accented, Greek and Cyrillic letters in names.
set -e
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
for lib in libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; do
  dpkg -s "$lib" >/dev/null 2>&1 || missing="$missing $lib"
done
[ -z "$missing" ] && exit 0
echo "Installing system packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "Run as root or install these packages first:$missing" >&2
  exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null

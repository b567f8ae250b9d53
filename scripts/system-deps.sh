#!/usr/bin/env bash
# Install the Debian packages letterkit needs when any is missing:
# WeasyPrint's Pango and HarfBuzz (with the HarfBuzz subsetter, which makes
# font subsetting fast and deterministic), the Noto fonts the built-in
# stylesheet names (Latin, Arabic with Persian and Urdu, Hebrew, Devanagari,
# Bengali, Thai; Chinese, Japanese and Korean from fonts-noto-cjk), Python's
# venv, and poppler-utils for looking at PDFs as pictures.
set -euo pipefail

packages=(python3 python3-venv python3-pip libpango-1.0-0 libpangoft2-1.0-0
          libharfbuzz-subset0 fontconfig fonts-noto-core fonts-noto-mono fonts-noto-cjk
          poppler-utils)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
((${#missing[@]})) || exit 0

if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=sudo
  else
    echo "letterkit needs these Debian packages; install them and run again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
echo "installing ${missing[*]}" >&2
${SUDO:-} apt-get update -qq
DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

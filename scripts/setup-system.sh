#!/usr/bin/env bash
# Installs the system programs innocast needs, from Debian's packages, when they are missing.
# Usage: scripts/setup-system.sh demo|test
#   demo: ffmpeg and ffprobe (pydub decodes and encodes audio through them)
#   test: also chromium (browser tests), espeak-ng and sox (speech and sound the tests make)
set -euo pipefail
want=(ffmpeg:ffmpeg ffprobe:ffmpeg)
if [ "${1:-demo}" = test ]; then
  want+=(chromium:chromium espeak-ng:espeak-ng sox:sox)
fi
missing=()
for pair in "${want[@]}"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair##*:}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Error: innocast needs these system packages: $packages(install them, e.g. with apt-get, then run make again)" >&2
  exit 1
fi
echo "Installing system packages: $packages"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null

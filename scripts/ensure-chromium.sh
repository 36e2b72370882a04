#!/usr/bin/env bash
# The review page's browser test drives Debian's Chromium through Playwright (a dev extra); the
# browsers Playwright can download are never used. Installs it once (Debian/Ubuntu, root or sudo).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if ! command -v apt-get >/dev/null; then
  echo "The review page's browser test needs Chromium at /usr/bin/chromium; install it with your package manager." >&2
  exit 1
fi
echo "installing chromium (for the review page's browser test)"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

#!/usr/bin/env bash
# Set-up of a fresh machine (Debian/Ubuntu): the system packages the test suite drives that Maven
# cannot fetch. Headless Chromium renders the HTML report in ReportServiceTest/HeadlessChromiumTest;
# docker-compose validates docker-compose.yml (ComposeClusterTest, .ci/run). Java 17 is the only
# other requirement; Maven comes with ./mvnw. Safe to run again: it installs only what is missing.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: chromium and docker-compose are installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: please install ${missing[*]} with your system's package manager (no apt-get here)" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup: installing ${missing[*]} needs root (or sudo)" >&2; exit 1; }
  sudo=(sudo)
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"

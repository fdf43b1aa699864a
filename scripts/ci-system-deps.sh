#!/usr/bin/env bash
# System packages the test suite needs that npm cannot provide. Called by .ci/run when present.
# Debian's Chromium for the apps/example end-to-end tests (playwright-core drives /usr/bin/chromium;
# no browser is ever downloaded by npm/playwright), and the C++ toolchain that scripts/build-native.mjs
# (the root postinstall) compiles better-sqlite3 with, and PostgreSQL's server binaries.
set -euo pipefail

missing_tools=()
for tool in python3 make g++; do command -v "$tool" >/dev/null 2>&1 || missing_tools+=("$tool"); done
if [ ${#missing_tools[@]} -gt 0 ]; then
  echo "ci-system-deps: installing a C++ toolchain (missing: ${missing_tools[*]}) for better-sqlite3"
  SUDO_TOOLS=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO_TOOLS="sudo"
  $SUDO_TOOLS apt-get update
  $SUDO_TOOLS env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 make g++
fi

# PostgreSQL server binaries for @auth/adapter-pg's tests and the multi-instance tests: @auth/testkit's
# startPostgres() runs initdb + pg_ctl from /usr/lib/postgresql/<ver>/bin (not on PATH) as an
# unprivileged user (nobody) in a temporary directory. Only the binaries are needed: Debian's own
# cluster (postgresql@<ver>-main) is not started here.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "ci-system-deps: installing Debian's postgresql (initdb/pg_ctl for the adapter-pg and multi-instance tests)"
  SUDO_PG=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO_PG="sudo"
  $SUDO_PG apt-get update
  $SUDO_PG env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
fi
echo "ci-system-deps: PostgreSQL $(ls -d /usr/lib/postgresql/*/bin | tail -1)"

if [ -x /usr/bin/chromium ]; then
  echo "ci-system-deps: /usr/bin/chromium present ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ci-system-deps: /usr/bin/chromium is missing and this is not root (no sudo): install it with" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends chromium" >&2
    exit 1
  fi
fi

echo "ci-system-deps: installing Debian's chromium (for the apps/example e2e tests)"
$SUDO apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version

#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need, then runs them all.
# Browser tests drive Debian's Chromium through playwright-core (npm); they fail, never skip,
# when the browser is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
export PLATFORM_AUDIT_CHROMIUM="${PLATFORM_AUDIT_CHROMIUM:-$(command -v chromium)}"
cargo test --locked

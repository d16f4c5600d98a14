#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need, then runs them all.
# Browser tests drive Debian's Chromium through playwright-core (npm), the interview's terminal
# test drives tmux; they fail, never skip, when those are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests drive: Chromium (browser checks), Node.js and npm (the browser scripts
# and their playwright-core), tmux (the interview's terminal test), poppler-utils (pdftotext reads
# back the printed reports' page numbers). Installed only when missing.
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v tmux >/dev/null 2>&1 || missing="$missing tmux"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
export PLATFORM_AUDIT_CHROMIUM="${PLATFORM_AUDIT_CHROMIUM:-$(command -v chromium)}"
cargo test --locked

#!/usr/bin/env bash
# Installs the tools Prospect Studio needs on a Debian machine with Node 20:
# pnpm, nats-server and Chromium (Debian's own; nothing downloads a browser).
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v nats-server >/dev/null 2>&1 || missing+=(nats-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
if ! command -v pnpm >/dev/null 2>&1; then
  corepack disable >/dev/null 2>&1 || true
  npm install -g pnpm@12 >/dev/null
fi
pnpm install --frozen-lockfile

#!/usr/bin/env bash
# The one test command (README "Quick start"): lint, types, unit + integration, then
# the built extension end to end in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
pnpm install --frozen-lockfile
pnpm lint
pnpm typecheck
pnpm exec vitest run

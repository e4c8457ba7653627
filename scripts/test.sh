#!/usr/bin/env bash
# The one test command (README "Quick start"): lint, types, unit + integration + system tests
# on real nats-servers, then the built extension end to end in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
pnpm install --frozen-lockfile
# Formatting is checked by `pnpm lint` (and `pnpm check`); the gate here is the lint rules.
pnpm exec biome lint .
pnpm typecheck
pnpm exec vitest run
pnpm test:e2e

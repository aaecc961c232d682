#!/usr/bin/env bash
# Regenerates the SDKs under sdk/ (Go, Python, Node.js) from schema.json with sdk-gen (`npm run gen-sdks`; run
# `npm run provider-schema` first when the resources changed). test/e2e/sdks.test.ts fails when they are out of date.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$(bash "$ROOT/scripts/ensure-sdk-gen.sh" | tail -n1)" "$ROOT/schema.json" "$ROOT/sdk" "$@"

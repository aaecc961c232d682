#!/usr/bin/env bash
# Regenerates the SDKs under sdk/ (Go, Python, Node.js, .NET) from schema.json with sdk-gen and sdk-gen-dotnet
# (`npm run gen-sdks`, or `npm run gen-sdks -- dotnet go` for some of them; run `npm run provider-schema` first when
# the resources changed). test/e2e/sdks.test.ts fails when they are out of date.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
languages=("$@")
[ "${#languages[@]}" -gt 0 ] || languages=(go python nodejs dotnet)
others=()
for language in "${languages[@]}"; do
  if [ "$language" = dotnet ]; then
    "$(bash "$ROOT/scripts/ensure-sdk-gen-dotnet.sh" | tail -n1)" "$ROOT/schema.json" "$ROOT/sdk"
  else
    others+=("$language")
  fi
done
if [ "${#others[@]}" -gt 0 ]; then
  "$(bash "$ROOT/scripts/ensure-sdk-gen.sh" | tail -n1)" "$ROOT/schema.json" "$ROOT/sdk" "${others[@]}"
fi

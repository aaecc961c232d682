#!/usr/bin/env bash
# Builds the Go end-to-end program (test/e2e/go-program/, on the generated Go SDK in sdk/go) into .pulumi-e2e/.
# Run before the tests (pretest) so the first, slow compile of the Pulumi Go SDK (minutes on 2 cores) happens here;
# the test runs it again, which with Go's build cache only relinks when something changed.
# Prints the path of the binary as the last line of stdout; the Go output goes to stderr.
set -euo pipefail

ENSURE_NAME=ensure-go-program
# shellcheck source=scripts/lib/ensure-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/ensure-common.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/.pulumi-e2e/go-program/go-program"
command -v go >/dev/null 2>&1 || die "no Go toolchain to build test/e2e/go-program. Install Go >= 1.25."
mkdir -p "$(dirname "$OUT")"
(cd "$ROOT/test/e2e/go-program" && GOFLAGS=-mod=mod GOTOOLCHAIN="${GOTOOLCHAIN:-local}" go build -o "$OUT" . >&2) \
  || die "building test/e2e/go-program failed (see the Go output above)"
echo "$OUT"

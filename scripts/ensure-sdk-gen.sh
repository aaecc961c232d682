#!/usr/bin/env bash
# Makes sdk-gen (sdk-gen/: Pulumi's code generators over schema.json) available: builds it from its Go module into a
# cache outside the repository, keyed by a digest of its sources, so a second run costs nothing. Its pkg/v3 version is
# the one scripts/ensure-pulumi.sh builds the CLI from, so a machine that built the CLI has its modules already.
# Prints the path of the `sdk-gen` binary as the last line of stdout; progress goes to stderr.
set -euo pipefail

ENSURE_NAME=ensure-sdk-gen
# shellcheck source=scripts/lib/ensure-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/ensure-common.sh"

SOURCES="$(cd "$(dirname "${BASH_SOURCE[0]}")/../sdk-gen" && pwd)"
DIGEST="$(cat "$SOURCES/main.go" "$SOURCES/go.mod" "$SOURCES/go.sum" | sha256sum | cut -c1-16)"
BIN="$CACHE_ROOT/sdk-gen-$DIGEST/bin"
# shellcheck source-path=SCRIPTDIR source=go-install-once.sh
. "$(dirname "${BASH_SOURCE[0]}")/go-install-once.sh"

if [ ! -x "$BIN/sdk-gen" ]; then
  command -v go >/dev/null 2>&1 || die "no Go toolchain to build sdk-gen. Install Go >= 1.25."
  log "building sdk-gen from sdk-gen/ (first run only: a few minutes on 2 cores without the Pulumi CLI's modules)"
  (cd "$SOURCES" && GOTOOLCHAIN="${GOTOOLCHAIN:-local}" go_install_once sdk-gen "$BIN" "$CACHE_ROOT/.build-sdk-gen-lock" .) \
    || die "building sdk-gen failed (see the Go output above)"
  log "built $BIN/sdk-gen"
fi

echo "$BIN/sdk-gen"

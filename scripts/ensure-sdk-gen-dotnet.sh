#!/usr/bin/env bash
# Makes sdk-gen-dotnet (sdk-gen/dotnet/: Pulumi's C# code generator over schema.json) available: builds it from its Go
# module into a cache outside the repository, keyed by a digest of its sources, so a second run costs nothing. Its
# pkg/v3 is v3.225.1, the newest with codegen/dotnet; sdk-gen (scripts/ensure-sdk-gen.sh) stays on the CLI's version.
# Prints the path of the `sdk-gen-dotnet` binary as the last line of stdout; progress goes to stderr.
set -euo pipefail

ENSURE_NAME=ensure-sdk-gen-dotnet
# shellcheck source=scripts/lib/ensure-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/ensure-common.sh"

SOURCES="$(cd "$(dirname "${BASH_SOURCE[0]}")/../sdk-gen/dotnet" && pwd)"
DIGEST="$(cat "$SOURCES/main.go" "$SOURCES/logo.png" "$SOURCES/go.mod" "$SOURCES/go.sum" | sha256sum | cut -c1-16)"
BIN="$CACHE_ROOT/sdk-gen-dotnet-$DIGEST/bin"
# shellcheck source-path=SCRIPTDIR source=go-install-once.sh
. "$(dirname "${BASH_SOURCE[0]}")/go-install-once.sh"

if [ ! -x "$BIN/sdk-gen-dotnet" ]; then
  command -v go >/dev/null 2>&1 || die "no Go toolchain to build sdk-gen-dotnet. Install Go >= 1.25."
  log "building sdk-gen-dotnet from sdk-gen/dotnet/ (first run only: a few minutes on 2 cores)"
  (cd "$SOURCES" && GOTOOLCHAIN="${GOTOOLCHAIN:-local}" go_install_once sdk-gen-dotnet "$BIN" "$CACHE_ROOT/.build-sdk-gen-dotnet-lock" .) \
    || die "building sdk-gen-dotnet failed (see the Go output above)"
  log "built $BIN/sdk-gen-dotnet"
fi

echo "$BIN/sdk-gen-dotnet"

#!/usr/bin/env bash
# Makes the Pulumi YAML language host (pulumi-language-yaml) available for the YAML end-to-end test.
# Uses one already on PATH; otherwise builds it from its Go module into a cache outside the repository, keyed by
# version, so a second run costs nothing.
# Prints the directory holding `pulumi-language-yaml` as the last line of stdout; progress goes to stderr.
set -euo pipefail

YAML_VERSION="${PULUMI_YAML_VERSION:-1.25.0}"
ENSURE_NAME=ensure-pulumi-yaml
# shellcheck source=scripts/lib/ensure-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/ensure-common.sh"

if [ -z "${PULUMI_ORG_ROSTER_FORCE_BUILD:-}" ] && command -v pulumi-language-yaml >/dev/null 2>&1; then
  found="$(command -v pulumi-language-yaml)"
  log "using $found"
  dirname "$found"
  exit 0
fi

BIN="$CACHE_ROOT/pulumi-language-yaml-v$YAML_VERSION/bin"
# shellcheck source-path=SCRIPTDIR source=go-install-once.sh
. "$(dirname "${BASH_SOURCE[0]}")/go-install-once.sh"

if [ ! -x "$BIN/pulumi-language-yaml" ]; then
  command -v go >/dev/null 2>&1 || die "no pulumi-language-yaml on PATH and no Go toolchain to build one. Install Go >= 1.24 or put pulumi-language-yaml on PATH."
  log "building pulumi-language-yaml v$YAML_VERSION from Go modules (first run only: a few minutes on 2 cores)"
  GOTOOLCHAIN="${GOTOOLCHAIN:-local}" go_install_once pulumi-language-yaml "$BIN" "$CACHE_ROOT/.build-yaml-lock" \
    "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$YAML_VERSION" \
    -tags osusergo,grpcnotrace -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$YAML_VERSION" \
    || die "building pulumi-language-yaml failed (see the Go output above)"
  log "built $BIN/pulumi-language-yaml"
fi

echo "$BIN"

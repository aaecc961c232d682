#!/usr/bin/env bash
# Makes actionlint (the GitHub Actions workflow linter the release workflow's test runs) available.
# Uses an `actionlint` already on PATH when it is the pinned version; otherwise builds it from its Go module into a
# cache outside the repository, keyed by version, so a second run costs nothing.
# Prints the path of the `actionlint` binary as the last line of stdout; progress goes to stderr.
set -euo pipefail

VERSION="${ACTIONLINT_VERSION:-1.7.12}"
# actionlint 1.7.12's go.mod asks for Go 1.25.
MIN_GO="1.25"
ENSURE_NAME=ensure-actionlint
# shellcheck source=scripts/lib/ensure-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/ensure-common.sh"

# 1. An actionlint already on PATH, of the pinned version.
if [ -z "${PULUMI_ORG_ROSTER_FORCE_BUILD:-}" ] && command -v actionlint >/dev/null 2>&1; then
  found="$(command -v actionlint)"
  have="$(actionlint -version 2>/dev/null | head -n1 | sed 's/^v//' || true)"
  if [ "$have" = "$VERSION" ]; then
    log "using actionlint $have at $found"
    echo "$found"
    exit 0
  fi
  log "actionlint on PATH is ${have:-of unknown version}, not $VERSION; building $VERSION"
fi

BIN="$CACHE_ROOT/actionlint-v$VERSION/bin"
# shellcheck source-path=SCRIPTDIR source=go-install-once.sh
. "$(dirname "${BASH_SOURCE[0]}")/go-install-once.sh"

if [ ! -x "$BIN/actionlint" ]; then
  command -v go >/dev/null 2>&1 || die "no actionlint $VERSION on PATH and no Go toolchain to build one. Install actionlint $VERSION (https://github.com/rhysd/actionlint) or Go >= $MIN_GO."
  go_have="$(go env GOVERSION 2>/dev/null | sed 's/^go//')"
  # An older local Go may still build it when it is allowed to fetch the toolchain the module asks for.
  if [ -n "$go_have" ] && ! version_ge "$go_have" "$MIN_GO" && [ "${GOTOOLCHAIN:-}" = "local" ]; then
    die "Go $go_have is older than $MIN_GO and GOTOOLCHAIN=local; install Go >= $MIN_GO"
  fi
  log "building actionlint v$VERSION from its Go module (first run only, about a minute)"
  go_install_once actionlint "$BIN" "$CACHE_ROOT/.actionlint-build-lock" "github.com/rhysd/actionlint/cmd/actionlint@v$VERSION" -ldflags "-s -w" \
    || die "building actionlint failed (see the Go output above)"
  log "built $BIN/actionlint"
fi

"$BIN/actionlint" -version >/dev/null 2>&1 || die "$BIN/actionlint does not run; delete $BIN and try again"
echo "$BIN/actionlint"

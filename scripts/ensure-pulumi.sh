#!/usr/bin/env bash
# Makes the Pulumi CLI (>= 3.227, for exit code 7 on drift) and the Node.js language host available.
# Uses a `pulumi` already on PATH when it is recent enough; otherwise builds both from their Go modules
# into a cache outside the repository, keyed by version, so a second run costs nothing.
# Prints the directory holding `pulumi` and `pulumi-language-nodejs` as the last line of stdout;
# progress goes to stderr.
set -euo pipefail

CLI_VERSION="${PULUMI_CLI_VERSION:-3.259.0}"
# The last release whose sdk module still contained the Node.js language host (later ones moved it to a module
# the Go module proxy does not serve).
LANGUAGE_HOST_VERSION="3.68.0"
MIN_VERSION="3.227.0"
ENSURE_NAME=ensure-pulumi
# shellcheck source=scripts/lib/ensure-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/ensure-common.sh"

# 1. A pulumi already on PATH, recent enough, with its language host beside it or on PATH.
if [ -z "${PULUMI_ORG_ROSTER_FORCE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1; then
  found="$(command -v pulumi)"
  have="$(pulumi version 2>/dev/null | sed 's/^v//' || true)"
  if [ -n "$have" ] && version_ge "$have" "$MIN_VERSION"; then
    dir="$(dirname "$found")"
    if [ -x "$dir/pulumi-language-nodejs" ] || command -v pulumi-language-nodejs >/dev/null 2>&1; then
      log "using pulumi $have at $found"
      echo "$dir"
      exit 0
    fi
    log "pulumi $have at $found has no pulumi-language-nodejs beside it; building one"
  else
    log "pulumi on PATH is ${have:-of unknown version}, older than $MIN_VERSION; building $CLI_VERSION"
  fi
fi

BIN="$CACHE_ROOT/pulumi-v$CLI_VERSION/bin"
mkdir -p "$BIN"

# One build at a time: several test runs starting together would otherwise build into the same directory and
# output file. The others wait here, then find the binaries built.
exec 9>"$CACHE_ROOT/.build-lock"
if command -v flock >/dev/null 2>&1; then
  flock 9 || die "could not lock $CACHE_ROOT/.build-lock"
fi

command -v go >/dev/null 2>&1 || die "no suitable pulumi on PATH and no Go toolchain to build one. Install Pulumi >= $MIN_VERSION (https://www.pulumi.com/docs/install/) or Go >= 1.24."

export GOFLAGS="-mod=mod"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
LDFLAGS_BASE="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version="

build_module() { # build_module DIR VERSION IMPORT OUTPUT REPLACES GETS...
  local dir="$1" version="$2" import="$3" output="$4" replaces="$5"; shift 5
  rm -rf "$dir"; mkdir -p "$dir"
  printf 'module pulumibuild\n\ngo 1.24\n%s\n' "$replaces" > "$dir/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$import" > "$dir/tools.go"
  (cd "$dir" && go get "$@" >&2 && go mod tidy >&2 &&
    go build -tags osusergo,grpcnotrace -ldflags "${LDFLAGS_BASE}v$version" -o "$output.tmp" "$import" >&2)
  mv "$output.tmp" "$output"
}

if [ ! -x "$BIN/pulumi" ]; then
  log "building the Pulumi CLI v$CLI_VERSION from Go modules (first run only: downloads ~560 MB of modules, ~4 min of compiling on 2 cores)"
  build_module "$CACHE_ROOT/build-cli-$CLI_VERSION" "$CLI_VERSION" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$BIN/pulumi" \
    "$(printf 'replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e\nreplace golang.org/x/text => golang.org/x/text v0.39.0')" \
    "github.com/pulumi/pulumi/pkg/v3@v$CLI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$CLI_VERSION" \
    || die "building the Pulumi CLI failed (see the Go output above)"
  log "built $BIN/pulumi"
fi

if [ ! -x "$BIN/pulumi-language-nodejs" ]; then
  log "building the Node.js language host v$LANGUAGE_HOST_VERSION from Go modules (~20 s)"
  build_module "$CACHE_ROOT/build-language-nodejs-$LANGUAGE_HOST_VERSION" "$LANGUAGE_HOST_VERSION" \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs "$BIN/pulumi-language-nodejs" "" \
    "github.com/pulumi/pulumi/sdk/v3@v$LANGUAGE_HOST_VERSION" \
    || die "building the Node.js language host failed (see the Go output above)"
  log "built $BIN/pulumi-language-nodejs"
fi

# The dynamic-provider plugin: the same launcher @pulumi/pulumi ships, resolving the SDK from the project directory.
# Beside the CLI it counts as a bundled plugin (no "from $PATH" warning on every run).
if [ ! -x "$BIN/pulumi-resource-pulumi-nodejs" ]; then
  cat > "$BIN/pulumi-resource-pulumi-nodejs" <<'LAUNCHER'
#!/bin/sh
PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")
if [ ! -z "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" ]; then
    node "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" $@
fi
LAUNCHER
  chmod +x "$BIN/pulumi-resource-pulumi-nodejs"
fi

"$BIN/pulumi" version >/dev/null 2>&1 || die "$BIN/pulumi does not run; delete $BIN and try again"
echo "$BIN"

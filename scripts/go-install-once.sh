# shellcheck shell=bash
# Sourced by the scripts/ensure-*.sh scripts that build a Go tool from its module into the cache.
# go_install_once TOOL BIN LOCK PACKAGE@VERSION [go install flags…]: builds TOOL with `go install` into BIN unless it is
# there. One build at a time: runs starting together wait on LOCK, then find the binary built (the lock is held until
# the calling script exits). Returns non-zero when the build fails, the Go output on stderr.
go_install_once() {
  local tool="$1" bin="$2" lock="$3" package="$4"
  shift 4
  mkdir -p "$bin"
  exec 9>"$lock"
  if command -v flock >/dev/null 2>&1; then
    flock 9 || return 1
  fi
  [ -x "$bin/$tool" ] && return 0
  local tmp="$bin/.build"
  rm -rf "$tmp"
  GOBIN="$tmp" GOFLAGS="-mod=mod" go install "$@" "$package" >&2 || return 1
  mv "$tmp/$tool" "$bin/$tool" || { echo "go install built no $tool from $package" >&2; return 1; }
  rm -rf "$tmp"
}

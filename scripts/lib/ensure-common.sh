# Shared by the scripts/ensure-*.sh scripts (sourced, after setting ENSURE_NAME): the cache they build into, outside
# the repository, and how they report progress (stderr) and failures.
CACHE_ROOT="${PULUMI_ORG_ROSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-org-roster}"

log() { printf '[%s] %s\n' "$ENSURE_NAME" "$*" >&2; }
die() { printf '[%s] error: %s\n' "$ENSURE_NAME" "$*" >&2; exit 1; }

version_ge() { # version_ge A B: A >= B
  [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$2" ]
}

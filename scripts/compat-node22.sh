#!/usr/bin/env bash
# Compatibility leg: the unit, integration and one end-to-end suite on Node 22 with the newest @pulumi/pulumi,
# in a copy of the project under .compat/ (Node 22 itself comes from the npm registry's node-<os>-<arch> package).
# Writes its `N passed, N failed` line to test-results/compat-summary.txt.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/.compat"
log() { printf '[compat] %s\n' "$*" >&2; }

rm -rf "$work"
mkdir -p "$work/node" "$work/project" "$root/test-results"
rm -f "$root/test-results/compat-summary.txt"

platform="$(node -p 'process.platform')"
arch="$(node -p 'process.arch')"
log "installing Node 22 (node-$platform-$arch@22)"
(cd "$work/node" && echo '{"private":true}' > package.json && npm install --no-save --no-audit --no-fund "node-$platform-$arch@22" >&2)
node22="$work/node/node_modules/node-$platform-$arch/bin"
export PATH="$node22:$PATH"
log "using $(node --version)"

log "copying the project"
(cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$work/project")
cd "$work/project"
npm ci --no-audit --no-fund >&2
latest="$(npm view @pulumi/pulumi version)"
log "installing the newest @pulumi/pulumi ($latest)"
npm install --no-save --no-audit --no-fund "@pulumi/pulumi@$latest" >&2
npm run build >&2
# Jest transpiles file by file: the types, against the newest @pulumi/pulumi too, are checked here.
npm run typecheck >&2
bash scripts/ensure-pulumi.sh >/dev/null
# test/integration/release-workflow.test.ts lints the workflows with actionlint (cached after the main leg's pretest).
bash scripts/ensure-actionlint.sh >/dev/null

status=0
npx jest test/unit test/integration test/e2e/clerk-roster.test.ts || status=$?
cp test-results/summary.txt "$root/test-results/compat-summary.txt" 2>/dev/null || echo "0 passed, 1 failed" > "$root/test-results/compat-summary.txt"
exit "$status"

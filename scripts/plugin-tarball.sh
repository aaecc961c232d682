#!/usr/bin/env bash
# Builds the provider plugin's tarballs for `pulumi plugin install resource org-roster <version> --file <tarball>`
# (`npm run plugin-tarball -- [--out DIR] [OS-ARCH ...]`, after `npm run build`): one
# pulumi-resource-org-roster-v<version>-<os>-<arch>.tar.gz per platform named (default: this machine's), written to
# DIR (default: the current directory); prints their paths, one a line.
#
# The CLI unpacks the tarball into its plugin directory and runs the executable `pulumi-resource-org-roster` at its
# root; a plugin directory without one needs a PulumiPlugin.yaml and a language host that can run plugins
# (RunPlugin), which Node.js language hosts before 3.90 cannot. So the tarball holds that executable (a Node.js script,
# run by the `node` on PATH, ≥ 20.18) beside the packed package and its production dependencies, @pulumi/pulumi
# included (a peer dependency of the package, here pinned to the version this checkout builds and tests with). Its
# content is the same for every platform (JavaScript only); the names are the ones the CLI looks for.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

out="$PWD"
platforms=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    *) platforms+=("$1"); shift ;;
  esac
done
if [ ${#platforms[@]} -eq 0 ]; then
  platforms=("$(node -p '({ darwin: "darwin", linux: "linux" })[process.platform] + "-" + ({ x64: "amd64", arm64: "arm64" })[process.arch]')")
fi
for platform in "${platforms[@]}"; do
  case "$platform" in
    linux-amd64 | linux-arm64 | darwin-amd64 | darwin-arm64) ;;
    *) echo "plugin-tarball: unsupported platform '$platform' (linux-amd64, linux-arm64, darwin-amd64 or darwin-arm64)" >&2; exit 1 ;;
  esac
done
[ -f "$ROOT/dist/provider/plugin/main.js" ] || { echo "plugin-tarball: dist/ is not built: run \`npm run build\` first" >&2; exit 1; }

version="$(node -p 'require(process.argv[1]).version' "$ROOT/package.json")"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

# The package as npm publishes it (dist/ as built), unpacked.
(cd "$ROOT" && npm pack --ignore-scripts --silent --pack-destination "$stage" >/dev/null)
tar -xzf "$stage/pulumi-org-roster-$version.tgz" -C "$stage"
plugin="$stage/package"

# Its production dependencies, with @pulumi/pulumi as one, at the versions of this checkout's lock file.
cp "$ROOT/package-lock.json" "$plugin/"
node -e '
const fs = require("node:fs");
const [file, lock] = process.argv.slice(1);
const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
const sdk = JSON.parse(fs.readFileSync(lock, "utf8")).packages["node_modules/@pulumi/pulumi"].version;
pkg.dependencies = { ...pkg.dependencies, "@pulumi/pulumi": sdk };
delete pkg.devDependencies;
delete pkg.peerDependencies;
delete pkg.scripts;
fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
' "$plugin/package.json" "$plugin/package-lock.json"
(cd "$plugin" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline --silent >&2)

# The executable the CLI runs.
cat > "$plugin/pulumi-resource-org-roster" <<'JS'
#!/usr/bin/env node
// The org-roster provider plugin as `pulumi plugin install` installs it: the package's own plugin executable.
"use strict";
require("./bin/pulumi-resource-org-roster");
JS
chmod 755 "$plugin/pulumi-resource-org-roster" "$plugin/bin/pulumi-resource-org-roster"

for platform in "${platforms[@]}"; do
  tarball="$out/pulumi-resource-org-roster-v$version-$platform.tar.gz"
  tar -czf "$tarball" -C "$plugin" .
  echo "$tarball"
done

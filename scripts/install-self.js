// Installs the freshly built package into this checkout's own node_modules as a real copy (package.json + dist: the provider and the emulator),
// so Pulumi programs inside the repo (the demo, examples, end-to-end stacks) load and serialize it exactly as
// in a user's project, where it lives under node_modules.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const target = path.join(root, "node_modules", "pulumi-org-roster");
fs.rmSync(target, { recursive: true, force: true });
fs.mkdirSync(target, { recursive: true });
fs.copyFileSync(path.join(root, "package.json"), path.join(target, "package.json"));
for (const part of ["provider", "emulator"]) {
  fs.cpSync(path.join(root, "dist", part), path.join(target, "dist", part), { recursive: true });
}

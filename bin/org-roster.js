#!/usr/bin/env node
// The org-roster command: a thin launcher for the compiled command line (in a checkout, `npm run build` first).
"use strict";

const { main } = require("../dist/provider/cli/org-roster.js");

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`org-roster: ${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

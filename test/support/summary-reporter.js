// Jest reporter: writes the closing `N passed, N failed` line that CI reads, to stdout and to test-results/summary.txt.
const fs = require("node:fs");
const path = require("node:path");

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `${results.numPassedTests} passed, ${failed} failed` +
      (results.numPendingTests ? `, ${results.numPendingTests} skipped` : "");
    const dir = path.join(process.cwd(), "test-results");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "summary.txt"), line + "\n");
    process.stdout.write(`\n${line}\n`);
  }
}
module.exports = SummaryReporter;

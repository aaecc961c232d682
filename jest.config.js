/** Jest configuration: TypeScript through ts-jest; unit, integration and end-to-end suites under test/. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }] },
  testTimeout: 60000,
  // Most end-to-end time is spent waiting on the Pulumi CLI and the emulator: two workers use both cores of a 2-core
  // runner (Jest's default would be one). `npm test -- --maxWorkers=N` overrides it.
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
};

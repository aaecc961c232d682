/** Jest configuration: TypeScript through ts-jest; unit, integration and end-to-end suites under test/. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Transpiled file by file (tsconfig.jest.json): the pretest step type-checks everything once with tsc.
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }] },
  testTimeout: 60000,
  // Two workers use both cores of a 2-core runner (Jest's default leaves one idle): the end-to-end files' Pulumi
  // commands keep both busy. `npm test -- --maxWorkers=N` overrides it.
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
};

// Lint configuration: typescript-eslint's type-checked recommended rules over the package, emulator, tests and examples.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", ".pulumi-e2e/**", ".state/**", ".compat/**", "coverage/**", "bench/results/**", "sdk/**", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  {
    // The package never loads the Pulumi SDK's index, which loads every module of the SDK, the Automation API among
    // them (~0.45 s of every program's and the provider plugin's start): its values come from the SDK's own modules
    // (provider/resources/sdk.ts); types may come from anywhere.
    files: ["provider/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { paths: [{ name: "@pulumi/pulumi", allowTypeImports: true, message: "import values from provider/resources/sdk.ts (the SDK's own modules): the SDK's index loads every module of the SDK, the Automation API among them" }] },
      ],
    },
  },
  {
    // The examples import the package by name; tsconfig.examples.json resolves it to the sources, so they lint
    // (with full type information) before anything is built.
    files: ["examples/**/*.ts"],
    languageOptions: { parserOptions: { projectService: false, project: "./tsconfig.examples.json", tsconfigRootDir: import.meta.dirname } },
  },
);

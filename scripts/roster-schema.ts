// Writes roster.schema.json, the roster file's JSON Schema, at the package root from the zod schema
// (`npm run roster-schema`); a unit test fails when the committed file is out of date.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderRosterJsonSchema } from "../provider/roster/json-schema";

const target = join(__dirname, "..", "roster.schema.json");
writeFileSync(target, renderRosterJsonSchema());
console.log(`wrote ${target}`);

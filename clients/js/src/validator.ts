// The Ajv validator of workbook documents, as a frontend sets it up.
//
// Draft 2020-12 needs Ajv's `Ajv2020` class (the default `Ajv` class is
// draft-07 and does not know the schema's `$schema`); the formats the schema
// uses come from ajv-formats. This is the setup docs/typescript.md shows, kept
// here so that `npm run typecheck` proves it compiles.

import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

import schema from "../../../src/amendskit/workbook.schema.json" with { type: "json" };
import type { Workbook } from "./workbook.js";

// ajv-formats is CommonJS: under "moduleResolution": "NodeNext" its function
// is the default export's `default` (bundlers hand it over directly).
const addFormats = addFormatsModule.default;

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv, ["date-time", "date"]);

/** A type guard: `validateWorkbook(data)` narrows `data` to `Workbook`. */
export const validateWorkbook = ajv.compile<Workbook>(schema);

#!/usr/bin/env node
// Validate amendskit workbook documents with Ajv (JSON Schema draft 2020-12).
//
//   node validate.mjs [--schema PATH] < documents.json
//
// stdin: a JSON array of documents. stdout: a JSON array with, for each
// document, the list of Ajv errors as {keyword, instancePath, schemaPath},
// plus `missingProperty` for `required` (an empty list means the document is
// valid). Only keywords, paths and schema names are written, never a value
// or a key taken from a document: workbook text is private.
//
// Exit status: 0 when it ran (even if documents are invalid); 2 on a usage
// error (bad arguments, a schema that cannot be read or compiled, stdin that
// is not a JSON array).
//
// Ajv runs as strict as it goes (`strict: true`, every strict option on),
// with `allErrors` so each document gets every problem, and with the two
// formats the schema uses (RFC 3339 `date-time` with a required offset and
// `date`) from ajv-formats. Unknown formats are an error, not ignored.

import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_SCHEMA = resolve(
  HERE,
  "../../src/amendskit/workbook.schema.json",
);
const USAGE = "usage: node validate.mjs [--schema PATH] < documents.json";

class UsageError extends Error {}

/** An Ajv validate function for `schema` (a parsed JSON Schema). */
export function compileSchema(schema) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv, ["date-time", "date"]);
  return ajv.compile(schema);
}

/** The errors of one document: [] when it is valid. */
export function problems(validate, document) {
  if (validate(document)) return [];
  return validate.errors.map(({ keyword, instancePath, schemaPath, params }) =>
    keyword === "required"
      ? { keyword, instancePath, schemaPath, missingProperty: params.missingProperty }
      : { keyword, instancePath, schemaPath },
  );
}

function readJson(text, what) {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what} is not valid JSON`);
  }
}

function main(argv) {
  let options;
  try {
    ({ values: options } = parseArgs({
      args: argv,
      options: {
        schema: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error.message);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const schemaPath = options.schema ?? DEFAULT_SCHEMA;
  let schemaText;
  try {
    schemaText = readFileSync(schemaPath, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read the schema: ${error.message}`);
  }
  let validate;
  try {
    validate = compileSchema(readJson(schemaText, "the schema"));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Ajv refused the schema: ${error.message}`);
  }
  const documents = readJson(readFileSync(0, "utf8"), "stdin");
  if (!Array.isArray(documents)) {
    throw new UsageError("stdin must be a JSON array of documents");
  }
  const results = documents.map((document) => problems(validate, document));
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`validate.mjs: ${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
  }
}

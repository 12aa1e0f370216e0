#!/usr/bin/env node
// Generate TypeScript types for amendskit workbook documents from the JSON Schema.
//
//   node generate-types.mjs [--schema PATH] [--out PATH]
//
// Defaults: the schema shipped in the Python package
// (src/amendskit/workbook.schema.json) and src/workbook.d.ts beside this
// script. The output depends only on the schema and the pinned
// json-schema-to-typescript: no dates, no absolute paths, so a test can
// regenerate it and compare it with the committed file.

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { compile } from "json-schema-to-typescript";

const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_SCHEMA = resolve(HERE, "../../src/amendskit/workbook.schema.json");
const DEFAULT_OUT = resolve(HERE, "src/workbook.d.ts");
const USAGE = "usage: node generate-types.mjs [--schema PATH] [--out PATH]";

function banner(schema) {
  return [
    "/*",
    " * GENERATED FILE: do not edit by hand.",
    ` * The types of amendskit workbook documents (${schema.$id}),`,
    " * generated from src/amendskit/workbook.schema.json by",
    " * clients/js/generate-types.mjs with json-schema-to-typescript.",
    " * Regenerate: npm run generate --prefix clients/js",
    " *",
    " * Money amounts are decimal strings and datetimes RFC 3339 strings with an",
    " * offset; `AmendPlan.status` is derived from the last history record.",
    " * See docs/typescript.md.",
    " */",
  ].join("\n");
}

export async function generate(schema) {
  return compile(schema, "Workbook", {
    bannerComment: banner(schema),
    // Every object in the schema says additionalProperties: false; this is
    // only the default for one that would not.
    additionalProperties: false,
    declareExternallyReferenced: true,
    enableConstEnums: true,
    strictIndexSignatures: true,
    unreachableDefinitions: true,
    unknownAny: true,
    format: true,
    // Resolve nothing outside the schema: every $ref is a local #/$defs/... .
    $refOptions: { resolve: { external: false } },
  });
}

async function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      schema: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const schema = JSON.parse(readFileSync(values.schema ?? DEFAULT_SCHEMA, "utf8"));
  writeFileSync(values.out ?? DEFAULT_OUT, await generate(schema));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`generate-types.mjs: ${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
  });
}

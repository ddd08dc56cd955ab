// Checks an OpenAPI document (a JSON file) with the tools a consumer would use, and prints the results
// as JSON: swagger-parser's validate(), Redocly's recommended rules, openapi-typescript's generator.
// Run as a child process (openapi.test.ts): these packages are ESM, which jest's CommonJS runtime cannot load.
import fs from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import openapiTS, { astToString } from 'openapi-typescript';

const file = process.argv[2];
const source = fs.readFileSync(file, 'utf8');
const result = { swaggerParser: [], redocly: [], typescript: '', typescriptError: null };
try {
  await SwaggerParser.validate(JSON.parse(source));
} catch (e) {
  result.swaggerParser = (e.details ?? [e]).map((d) => `${d.instancePath ?? d.path ?? ''} ${d.message}`);
}
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source, absoluteRef: file, config });
result.redocly = problems.map((p) => ({ ruleId: p.ruleId, severity: p.severity, message: p.message, where: p.location?.[0]?.pointer }));
try {
  result.typescript = astToString(await openapiTS(JSON.parse(source), { silent: true }));
} catch (e) {
  result.typescriptError = String(e.message ?? e);
}
process.stdout.write(JSON.stringify(result));

/** Examples for the main resources, by component name; openapi.test.ts checks each parses with its schema. */
export const OPENAPI_EXAMPLES: Record<string, unknown> = {};

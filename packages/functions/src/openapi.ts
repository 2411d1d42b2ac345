// The API's OpenAPI 3.1 document, generated from the route table and the schemas the handlers
// check requests with (contract.ts). `npm run openapi` writes it to docs/openapi.json; a test keeps
// that file current.
import { toJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";
import { contractOf, everywhere } from "./contract";
import { type HttpCode, statusOfCode } from "./http-error";
import { routeKey, routes } from "./routes";

type Json = Record<string, unknown>;

/** JSON Schema 2020-12, which OpenAPI 3.1 uses; rules JSON Schema cannot say (a Dwipp's text
 * counted as a reader counts it) are left to the description. */
const schemaOf = (schema: v.GenericSchema): Json =>
  toJsonSchema(schema, { target: "draft-2020-12", errorMode: "ignore" }) as Json;

function parameters(where: "path" | "query", schema: v.GenericSchema | undefined): Json[] {
  if (!schema) return [];
  const json = schemaOf(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const errorAnswer = (codes: HttpCode[]) => ({
  description: `The API's error shape: ${codes.join(", ")}`,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

export function openApiDocument(): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const key = routeKey(route);
    const contract = contractOf(key);
    if (!contract) throw new Error(`${key} has no contract.`);
    const byStatus = new Map<number, HttpCode[]>();
    for (const code of [...contract.refusals, ...everywhere]) {
      const status = statusOfCode[code];
      byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
    const responses: Record<string, Json> = {
      [contract.answers.status]: contract.answers.schema
        ? {
            description: contract.summary,
            content: { "application/json": { schema: schemaOf(contract.answers.schema) } },
          }
        : { description: contract.summary },
      ...Object.fromEntries(
        [...byStatus].map(([status, codes]) => [String(status), errorAnswer(codes)]),
      ),
    };
    const operations = paths[route.path] ?? {};
    paths[route.path] = operations;
    operations[route.method.toLowerCase()] = {
      operationId: route.file.split("/").at(-1),
      summary: contract.summary,
      security: [{ cognito: [] }],
      parameters: [...parameters("path", contract.path), ...parameters("query", contract.query)],
      ...(contract.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: schemaOf(contract.body) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Dwipper",
      version: "2",
      description: "The HTTP API of Dwipper. Its promises are in docs/api.md.",
    },
    paths,
    components: {
      securitySchemes: {
        cognito: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "An ID token of the Cognito user pool",
        },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { enum: Object.keys(statusOfCode) },
                message: { type: "string" },
              },
            },
          },
        },
      },
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { writeFileSync } = await import("node:fs");
  const target = new URL("../../../docs/openapi.json", import.meta.url);
  writeFileSync(target, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
  console.log(`Wrote ${target.pathname}`);
}

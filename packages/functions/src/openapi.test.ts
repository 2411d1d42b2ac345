// The OpenAPI document covers exactly the route table, with each route's parameters and body as
// its handler checks them, and the copy in docs/ is the one the code generates.
import { readFileSync } from "node:fs";
import path from "node:path";
import type * as v from "valibot";
import { describe, expect, it } from "vitest";
import * as contractModule from "./contract";
import { contract, contractOf } from "./contract";
import { openApiDocument } from "./openapi";
import { routeKey, routes } from "./routes";

const document = openApiDocument() as {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        parameters: { name: string; in: string }[];
        requestBody?: unknown;
        responses: Record<string, unknown>;
      }
    >
  >;
};

describe("the API's contract", () => {
  it("names every route of the route table, and nothing else", () => {
    expect(Object.keys(contract).sort()).toEqual(routes.map(routeKey).sort());
  });

  it("is what each handler checks its requests with: its route's own entry, imported alone", () => {
    const entries = Object.entries(contractModule);
    for (const route of routes) {
      const name = entries.find(([, value]) => value === contractOf(routeKey(route)))?.[0];
      const source = readFileSync(path.join(import.meta.dirname, `${route.file}.ts`), "utf8");
      expect(source, route.file).toContain(`import { ${name} as route } from "../contract";`);
    }
  });

  it("takes each route's path parameters, and a body exactly where one is sent", () => {
    for (const route of routes) {
      const entry = contractOf(routeKey(route));
      const named = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const schema = entry?.path as v.ObjectSchema<v.ObjectEntries, undefined> | undefined;
      expect(Object.keys(schema?.entries ?? {}), routeKey(route)).toEqual(named);
      expect(Boolean(entry?.body), routeKey(route)).toBe(["POST", "PATCH"].includes(route.method));
    }
  });
});

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with one operation per route, its parameters, body and answers", () => {
    expect(document.openapi).toBe("3.1.0");
    const operations = Object.values(document.paths).flatMap((byMethod) => Object.keys(byMethod));
    expect(operations).toHaveLength(routes.length);
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      const entry = contractOf(routeKey(route));
      expect(operation, routeKey(route)).toBeDefined();
      const pathParameters = operation?.parameters.filter((parameter) => parameter.in === "path");
      expect(pathParameters?.map((parameter) => parameter.name)).toEqual(
        [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]),
      );
      expect(Boolean(operation?.requestBody)).toBe(Boolean(entry?.body));
      expect(Object.keys(operation?.responses ?? {})).toEqual(
        expect.arrayContaining([String(entry?.answers.status), "401", "429", "500", "503"]),
      );
    }
  });

  it("is the copy kept in docs/openapi.json (`npm run openapi` writes it)", () => {
    const kept = readFileSync(path.join(import.meta.dirname, "../../../docs/openapi.json"), "utf8");
    expect(JSON.parse(kept)).toEqual(document);
  });
});

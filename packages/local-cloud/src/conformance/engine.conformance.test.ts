// Dwipper's engine against DynamoDB Local, AWS's own engine: the same requests to both, the
// answers compared. Runs where Java is (CI installs it); each difference is fixed in the engine or
// listed in docs/local-cloud.md with why it cannot matter to Dwipper.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { startEngineProcess } from "@dwipper/dynamodb-engine/process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamoDbLocal } from "../dynamodb-local";
import { accepted, explanation } from "./accepted";
import { differences, runScenarios } from "./compare";
import { scenarios } from "./scenarios";

const java = spawnSync("java", ["-version"]).status === 0;

describe.skipIf(!java)("Dwipper's engine answers as DynamoDB Local does", () => {
  let engines: { endpoint: string; stop(): Promise<void> }[] = [];
  beforeAll(async () => {
    engines = await Promise.all([
      startEngineProcess({ port: 0 }),
      startDynamoDbLocal(0, null, "us-east-1"),
    ]);
  });
  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.stop()));
  });

  it("for every request shape Dwipper makes and every refusal it relies on", async () => {
    const [ours, theirs] = engines;
    const prefix = `c${randomUUID().slice(0, 8)}`;
    const [a, b] = await Promise.all([
      runScenarios(ours?.endpoint ?? "", scenarios, prefix),
      runScenarios(theirs?.endpoint ?? "", scenarios, prefix),
    ]);
    expect(a.length).toBeGreaterThan(80);
    const found = differences(a, b);
    const unexplained = found.filter((difference) => !explanation(difference));
    if (unexplained.length > 0) console.log(JSON.stringify(unexplained, null, 2));
    expect(
      unexplained.map(({ scenario, step, paths }) => `${scenario}: ${step} (${paths.join(", ")})`),
    ).toEqual([]);
    // Every accepted rule still explains something: one that no longer does leaves the list.
    const unused = accepted.filter(
      (rule) => !found.some((difference) => explanation(difference) === rule),
    );
    expect(unused.map((rule) => rule.why)).toEqual([]);
  });
});

// Dwipper's engine against DynamoDB Local, AWS's own engine: the same requests to both, the
// answers compared. Runs where Java is (CI installs it); each difference is fixed in the engine or
// listed in docs/local-cloud.md with why it cannot matter to Dwipper.
import { randomUUID } from "node:crypto";
import { startEngineProcess } from "@dwipper/dynamodb-engine/process";
import { outwardAddresses, reachable } from "@dwipper/testing/addresses";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { javaProblem, startDynamoDbLocal } from "../dynamodb-local";
import { accepted, explanation } from "./accepted";
import { differences, runScenarios } from "./compare";
import { scenarios } from "./scenarios";
import { send } from "./wire";

// Needs a JDK (CI installs one); skipped, and said why, without it.
const java = javaProblem() === undefined;
if (!java) console.warn(`Skipping the conformance suite: ${javaProblem()}`);

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

  it("listens on loopback only, as every local server does", async () => {
    for (const { endpoint } of engines) {
      const port = Number(new URL(endpoint).port);
      expect(await reachable("127.0.0.1", port), `${endpoint} on loopback`).toBe(true);
      for (const address of outwardAddresses) {
        expect(await reachable(address, port), `${endpoint} on ${address}`).toBe(false);
      }
    }
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

  it("for transactions racing on one item: each commits or is cancelled for the conflict", async () => {
    // Which ones win depends on timing, so the engines are held to the same rule, not answer.
    const table = `race-${randomUUID().slice(0, 8)}`;
    const outcomes = await Promise.all(
      engines.map(async ({ endpoint }) => {
        await send(endpoint, "CreateTable", {
          TableName: table,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        });
        const answers = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            send(endpoint, "TransactWriteItems", {
              TransactItems: [
                { Put: { TableName: table, Item: { pk: { S: `record-${i}` } } } },
                {
                  Update: {
                    TableName: table,
                    Key: { pk: { S: "counter" } },
                    UpdateExpression: "ADD n :one",
                    ExpressionAttributeValues: { ":one": { N: "1" } },
                  },
                },
              ],
            }),
          ),
        );
        const counter = await send(endpoint, "GetItem", {
          TableName: table,
          Key: { pk: { S: "counter" } },
          ConsistentRead: true,
        });
        return { answers, counter };
      }),
    );
    for (const { answers, counter } of outcomes) {
      const committed = answers.filter((answer) => answer.status === 200).length;
      const refused = answers.filter((answer) => answer.status !== 200);
      for (const answer of refused) {
        expect(String(answer.body.__type)).toMatch(/TransactionCanceledException$/);
        const reasons = answer.body.CancellationReasons as { Code: string }[];
        expect(reasons.map((reason) => reason.Code)).toContain("TransactionConflict");
        expect(
          reasons.every((reason) => ["None", "TransactionConflict"].includes(reason.Code)),
        ).toBe(true);
      }
      expect(committed).toBeGreaterThan(0);
      const item = counter.body.Item as { n?: { N: string } } | undefined;
      expect(Number(item?.n?.N ?? 0)).toBe(committed);
    }
    console.log(
      `Racing transactions, committed of 30: Dwipper's engine ${outcomes[0]?.answers.filter((a) => a.status === 200).length}, DynamoDB Local ${outcomes[1]?.answers.filter((a) => a.status === 200).length}`,
    );
  });
});

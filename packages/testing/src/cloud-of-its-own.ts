// For tests that start a local cloud of their own rather than use the suite's: such a cloud writes
// its functions' settings into this process's environment (they run here), so the file puts the
// environment back when it ends; and a cloud whose engine is weaker than the defaults in one way
// a test reaches on purpose (fewer units a partition, answers lost after a write).
import { type DynamoDbSettings, dynamoDbSettings } from "@dwipper/local-cloud/dynamodb";
import { type LocalCloud, startLocalCloud } from "@dwipper/local-cloud/local-cloud";
import { afterAll } from "vitest";

/** Gives the process back the environment it had when the file began, once the file ends. */
export function restoreEnvironmentAfterAll(): void {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });
}

/**
 * A local cloud with the defaults' lagging reads and limits, except for the engine settings given
 * here: each partition's read or write units a second (ADR 0031), or the share of writes whose
 * answer is lost (ADR 0057).
 */
export function cloudWithEngine(
  settings: Partial<
    Pick<DynamoDbSettings, "partitionReadUnits" | "partitionWriteUnits" | "lostAnswerRate">
  >,
): Promise<LocalCloud> {
  return startLocalCloud({
    webUrl: "http://localhost:3000",
    dynamodb: { ...dynamoDbSettings({}), ...settings },
  });
}

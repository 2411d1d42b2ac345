// For tests that start a local cloud of their own rather than use the suite's: such a cloud writes
// its functions' settings into this process's environment (they run here), so the file puts the
// environment back when it ends; and a cloud whose partitions take fewer units than DynamoDB's.
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
 * A local cloud with the defaults' lagging reads and limits, except that each partition takes the
 * read or write units a second given here (ADR 0031): a throttled partition, reached on purpose.
 */
export function cloudWithPartitionUnits(
  units: Partial<Pick<DynamoDbSettings, "partitionReadUnits" | "partitionWriteUnits">>,
): Promise<LocalCloud> {
  return startLocalCloud({
    webUrl: "http://localhost:3000",
    dynamodb: { ...dynamoDbSettings({}), ...units },
  });
}

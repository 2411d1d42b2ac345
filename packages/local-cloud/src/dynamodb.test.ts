// Choosing the local cloud's DynamoDB engine from the environment, and refusing what makes no sense.

import {
  DESCRIBE_STREAM_PER_SECOND,
  PARTITION_READ_UNITS,
  PARTITION_WRITE_UNITS,
  SHARD_LIFETIME_SECONDS,
  SHARD_READS_PER_SECOND,
  STREAM_SHARDS,
} from "@dwipper/dynamodb-engine/aws-limits";
import { describe, expect, it } from "vitest";
import { DEFAULT_READ_LAG_MS, dynamoDbSettings } from "./dynamodb";
import { SettingError } from "./settings";

describe("the DynamoDB engine setting", () => {
  it("is Dwipper's engine, as weak as AWS's (lagging reads, throttled partitions and streams), unless told otherwise", () => {
    expect(dynamoDbSettings({})).toEqual({
      engine: "dwipper",
      readLagMs: DEFAULT_READ_LAG_MS,
      partitionWriteUnits: PARTITION_WRITE_UNITS,
      partitionReadUnits: PARTITION_READ_UNITS,
      streamShards: STREAM_SHARDS,
      shardLifetimeSeconds: SHARD_LIFETIME_SECONDS,
      shardReadsPerSecond: SHARD_READS_PER_SECOND,
      describeStreamsPerSecond: DESCRIBE_STREAM_PER_SECOND,
    });
    expect(STREAM_SHARDS).toBeGreaterThan(1);
    expect(DEFAULT_READ_LAG_MS).toBeGreaterThanOrEqual(100);
    expect(PARTITION_WRITE_UNITS).toBe(1_000);
    expect(PARTITION_READ_UNITS).toBe(3_000);
    expect(DESCRIBE_STREAM_PER_SECOND).toBe(10);
    // Two readers at Lambda's four reads a second fit; a third at that pace does not.
    expect(SHARD_READS_PER_SECOND).toBeGreaterThanOrEqual(2 * 4);
    expect(SHARD_READS_PER_SECOND).toBeLessThan(3 * 4);
    // Said explicitly, reads can be current and partitions unlimited (for a test that must say why).
    expect(dynamoDbSettings({ DWIPPER_READ_LAG_MS: "0" }).readLagMs).toBe(0);
    expect(dynamoDbSettings({ DWIPPER_PARTITION_WRITE_UNITS: "0" }).partitionWriteUnits).toBe(0);
    expect(dynamoDbSettings({ DWIPPER_PARTITION_WRITE_UNITS: "20" }).partitionWriteUnits).toBe(20);
    expect(dynamoDbSettings({ DWIPPER_PARTITION_READ_UNITS: "0" }).partitionReadUnits).toBe(0);
    expect(dynamoDbSettings({ DWIPPER_PARTITION_READ_UNITS: "50" }).partitionReadUnits).toBe(50);
    expect(dynamoDbSettings({ DWIPPER_SHARD_READS_PER_SECOND: "0" }).shardReadsPerSecond).toBe(0);
    // Shards roll over after AWS's few hours unless told (the suites' every few seconds).
    expect(SHARD_LIFETIME_SECONDS).toBe(4 * 3600);
    expect(dynamoDbSettings({ DWIPPER_SHARD_LIFETIME_SECONDS: "15" }).shardLifetimeSeconds).toBe(
      15,
    );
    expect(
      dynamoDbSettings({ DWIPPER_DESCRIBE_STREAMS_PER_SECOND: "0" }).describeStreamsPerSecond,
    ).toBe(0);
    // Lost answers only when asked for (ADR 0057).
    expect(dynamoDbSettings({}).lostAnswerRate).toBeUndefined();
    expect(dynamoDbSettings({ DWIPPER_LOST_ANSWER_RATE: "0.25" }).lostAnswerRate).toBe(0.25);
  });

  it("names DynamoDB Local, an endpoint, or an index lag", () => {
    expect(dynamoDbSettings({ DWIPPER_DYNAMODB_ENGINE: "dynamodb-local" })).toEqual({
      engine: "dynamodb-local",
      readLagMs: 0,
      partitionWriteUnits: 0,
      partitionReadUnits: 0,
      streamShards: 0,
      shardLifetimeSeconds: 0,
      shardReadsPerSecond: 0,
      describeStreamsPerSecond: 0,
    });
    expect(dynamoDbSettings({ DWIPPER_DYNAMODB_ENDPOINT: "http://localhost:4567" })).toEqual({
      engine: "dwipper",
      readLagMs: 0,
      partitionWriteUnits: 0,
      partitionReadUnits: 0,
      streamShards: 0,
      shardLifetimeSeconds: 0,
      shardReadsPerSecond: 0,
      describeStreamsPerSecond: 0,
      endpoint: "http://localhost:4567",
    });
    expect(dynamoDbSettings({ DWIPPER_READ_LAG_MS: "250" }).readLagMs).toBe(250);
  });

  it("refuses an unknown engine, a lag that is not a whole number, and a weakness an engine it does not start cannot give", () => {
    expect(() => dynamoDbSettings({ DWIPPER_DYNAMODB_ENGINE: "mongo" })).toThrow(SettingError);
    expect(() => dynamoDbSettings({ DWIPPER_READ_LAG_MS: "soon" })).toThrow(SettingError);
    expect(() => dynamoDbSettings({ DWIPPER_READ_LAG_MS: "-5" })).toThrow(SettingError);
    expect(() =>
      dynamoDbSettings({ DWIPPER_DYNAMODB_ENGINE: "dynamodb-local", DWIPPER_READ_LAG_MS: "100" }),
    ).toThrow(/needs Dwipper's engine/);
    expect(() => dynamoDbSettings({ DWIPPER_PARTITION_WRITE_UNITS: "lots" })).toThrow(SettingError);
    expect(() => dynamoDbSettings({ DWIPPER_LOST_ANSWER_RATE: "2" })).toThrow(SettingError);
    expect(() =>
      dynamoDbSettings({
        DWIPPER_DYNAMODB_ENGINE: "dynamodb-local",
        DWIPPER_LOST_ANSWER_RATE: "1",
      }),
    ).toThrow(/needs Dwipper's engine/);
    expect(() =>
      dynamoDbSettings({
        DWIPPER_DYNAMODB_ENGINE: "dynamodb-local",
        DWIPPER_PARTITION_WRITE_UNITS: "5",
      }),
    ).toThrow(/needs Dwipper's engine/);
    // An engine running elsewhere has its own settings: one set here would go unused.
    for (const name of [
      "DWIPPER_READ_LAG_MS",
      "DWIPPER_STREAM_SHARDS",
      "DWIPPER_LOST_ANSWER_RATE",
    ]) {
      expect(() =>
        dynamoDbSettings({ DWIPPER_DYNAMODB_ENDPOINT: "http://localhost:4567", [name]: "1" }),
      ).toThrow(new RegExp(`${name} needs Dwipper's engine, started by the local cloud`));
    }
  });
});

// AWS's public on-demand prices that P8 turns measured usage into dollars with, in one place, with
// the day they were read (CloudWatch's on a day of its own). US East (N. Virginia), pay as you go,
// no free tier, before tax.
import { LAMBDA_MEMORY_MB } from "@dwipper/functions/routes";

export const PRICES = {
  readOn: "2026-12-02",
  region: "us-east-1",
  lambda: {
    /** Per request. */
    request: 0.2 / 1e6,
    /** Per GB-second on arm64 (the first 7.5 billion GB-seconds of a month). */
    gbSecondArm: 0.0000133334,
  },
  /** API Gateway HTTP API, per request of up to 512 KB (the first 300 million of a month). */
  httpApiRequest: 1.0 / 1e6,
  dynamodb: {
    /** On-demand, per read request unit (4 KB strongly consistent, or 8 KB eventually). */
    readUnit: 0.125 / 1e6,
    /** On-demand, per write request unit (1 KB; a transactional write takes two). */
    writeUnit: 0.625 / 1e6,
    /** Per GB-month of table and index storage (Standard table class). */
    storageGbMonth: 0.25,
    /** Per GB-month of a table kept by point-in-time recovery (continuous backups). */
    pointInTimeRecoveryGbMonth: 0.2,
    /** GetRecords calls that Lambda makes for a stream trigger are not charged. */
    streamReadByLambda: 0,
  },
  sns: {
    /** Per standard-topic publish (each 64 KB chunk). */
    publish: 0.5 / 1e6,
    /** Deliveries to Lambda subscribers are not charged. */
    lambdaDelivery: 0,
  },
  cloudfront: {
    /** Per HTTPS request (North America). */
    httpsRequest: 0.01 / 10_000,
    /** Per GB out to the internet (North America, the first 10 TB of a month). */
    transferGb: 0.085,
  },
  cloudwatch: {
    readOn: "2026-12-05",
    /**
     * Per GB of log events ingested, Standard class: custom logs such as API Gateway's access log,
     * and Lambda's own logs at their first tier (the first 10 TB of a month).
     */
    logsIngestedGb: 0.5,
    /** Per GB-month of logs kept (billed compressed; priced here uncompressed, so at most this). */
    logsStoredGbMonth: 0.03,
    /**
     * Per custom metric (a name and one set of dimension values) a month, the first 10,000;
     * prorated by the hour, and billed only for hours in which it is sent.
     */
    metricMonth: 0.3,
    /** Per standard-resolution alarm a month. */
    alarmMonth: 0.1,
  },
} as const;

/**
 * How long the stack keeps its logs, in months: SST's default retention for a function's log
 * group and for the API's access log, which the stack does not change.
 */
export const LOG_RETENTION_MONTHS = 1;

/** Lambda's price for `invocations` requests that ran `billedMs` in all, at the stack's memory. */
export const lambdaPrice = (invocations: number, billedMs: number) =>
  invocations * PRICES.lambda.request +
  (billedMs / 1000) * (LAMBDA_MEMORY_MB / 1024) * PRICES.lambda.gbSecondArm;

/** DynamoDB's on-demand price for the read and write units a request took. */
export const unitsPrice = (readUnits: number, writeUnits: number) =>
  readUnits * PRICES.dynamodb.readUnit + writeUnits * PRICES.dynamodb.writeUnit;

/** CloudWatch's price for `bytes` of log events: ingested once, then kept for the retention. */
export const logsPrice = (bytes: number) =>
  (bytes / 1e9) *
  (PRICES.cloudwatch.logsIngestedGb + LOG_RETENTION_MONTHS * PRICES.cloudwatch.logsStoredGbMonth);

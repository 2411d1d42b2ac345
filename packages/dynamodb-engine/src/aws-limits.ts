// DynamoDB's published limits that the engine keeps when told to, in a module of their own so that
// whoever starts the engine can name them without loading it.

/** How many write units one partition of a table or an index takes a second before it throttles. */
export const PARTITION_WRITE_UNITS = 1_000;

/** How many read units one partition of a table or an index takes a second before it throttles. */
export const PARTITION_READ_UNITS = 3_000;

/**
 * How many processes may read one stream shard at once (DynamoDB Streams' API reference: "more
 * than 2 processes" reading a shard "may result in request throttling").
 */
export const SHARD_READERS = 2;

/** How often Lambda's event source mapping reads a stream's shard: "4 times per second". */
export const LAMBDA_STREAM_POLLS_PER_SECOND = 4;

/**
 * How many `GetRecords` one shard takes a second before it throttles. AWS publishes the readers,
 * not this rate: two readers at Lambda's pace and a read a second each to spare (ADR 0056).
 */
export const SHARD_READS_PER_SECOND = SHARD_READERS * (LAMBDA_STREAM_POLLS_PER_SECOND + 1);

/**
 * How many shards the local cloud's streams have. AWS does not say how many a table's stream has:
 * about one for each of the table's partitions, which a new on-demand table has a few of (ADR 0058).
 */
export const STREAM_SHARDS = 4;

/**
 * How long a stream shard is written before it closes and a child takes its records on. AWS does
 * not publish it (its shards "are ephemeral"; a reader must finish a parent before its child);
 * readers report about four hours (ADR 0060).
 */
export const SHARD_LIFETIME_SECONDS = 4 * 3600;

/** How many `DescribeStream` an account may call a second (its API reference: 10). */
export const DESCRIBE_STREAM_PER_SECOND = 10;

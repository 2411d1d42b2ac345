// DynamoDB's published limits that the engine keeps when told to, in a module of their own so that
// whoever starts the engine can name them without loading it.

/** How many write units one partition of a table or an index takes a second before it throttles. */
export const PARTITION_WRITE_UNITS = 1_000;

/** How many read units one partition of a table or an index takes a second before it throttles. */
export const PARTITION_READ_UNITS = 3_000;

// At-least-once delivery, as Lambda's stream mappings and SNS give it: the local cloud delivers a
// share of stream batches and notices a second time, so a subscriber that is not idempotent shows it.

/** The share delivered twice unless a cloud says otherwise (the integration suite's says all). */
export const DUPLICATE_RATE = 0.25;

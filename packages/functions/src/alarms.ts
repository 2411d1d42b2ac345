// What needs a person, as the stack's CloudWatch alarms (stacks/alarms.ts builds them, P8 prices
// them). Each watches a metric AWS sends at no charge: the API's answers of 500 and more (a
// function that failed or ran out of time, DynamoDB refusing for longer than the retries, the
// user pool's keys out of reach), each subscriber's failure queue, where the records and notices
// go that Lambda gave up on, and the user pool's trigger failing, which leaves a confirmed person
// without a profile (docs/operations.md says what to do about each).
import { cognitoTriggers, streamSubscribers, topicSubscribers } from "./routes";

/** How long an alarm looks at once: one period over its threshold raises it. */
export const ALARM_PERIOD_SECONDS = 300;

export type AlarmSubject =
  | { watches: "api" }
  /** The failure queue of the subscriber whose function is `file`. */
  | { watches: "failures"; file: string }
  /** The errors of the user pool's trigger whose function is `file`. */
  | { watches: "trigger"; file: string };

export const alarmSubjects: readonly AlarmSubject[] = [
  { watches: "api" },
  ...[...streamSubscribers, ...topicSubscribers].map(
    (subscriber): AlarmSubject => ({ watches: "failures", file: subscriber.file }),
  ),
  // Not the pre-sign-up trigger: it refuses a name by failing, so its errors are people's mistakes.
  { watches: "trigger", file: cognitoTriggers.postConfirmation.file },
];

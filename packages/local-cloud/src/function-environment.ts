// What a deployed function finds in its environment to reach its tables and queues (SST's links
// and the SDK's endpoints), pointed at a local cloud: for code that runs the app's own modules
// outside the cloud's process (the seed, the redrive) and for the cloud itself.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { localCredentials } from "./credentials";
import type { StackInfo } from "./local-cloud";
import { repoRoot } from "./repo-root";

type Tables = StackInfo["dynamodb"]["tables"];

/**
 * What SST's links put in a function's environment, one `SST_RESOURCE_<name>` each, as `Resource`
 * reads them (the stack links each as an `sst.Linkable`): the tables, and when given the cursor
 * key, the pool and the app.
 */
export function linkEnvironment(
  tables: Tables,
  more: {
    cursorSecret?: string;
    app?: { name: string; stage: string };
    /** The pool public routes check tokens against. */
    auth?: { issuer: string; audience: string };
    /** The notices topic's ARN. */
    notices?: string;
  } = {},
): Record<string, string> {
  const link = (properties: Record<string, string>) =>
    JSON.stringify({ ...properties, type: "sst.sst.Linkable" });
  return {
    SST_RESOURCE_Dwipps: link({ name: tables.dwipps }),
    SST_RESOURCE_Favorites: link({ name: tables.favorites }),
    SST_RESOURCE_Budgets: link({ name: tables.budgets }),
    SST_RESOURCE_Notifications: link({ name: tables.notifications }),
    ...(more.notices ? { SST_RESOURCE_Notices: link({ arn: more.notices }) } : {}),
    ...(more.cursorSecret === undefined
      ? {}
      : { SST_RESOURCE_CursorSecret: link({ value: more.cursorSecret }) }),
    ...(more.auth ? { SST_RESOURCE_Auth: link(more.auth) } : {}),
    ...(more.app ? { SST_RESOURCE_App: JSON.stringify(more.app) } : {}),
  };
}

export function functionEnvironment(
  stack: Pick<StackInfo, "region" | "dynamodb" | "queues" | "topics">,
): Record<string, string> {
  return {
    ...linkEnvironment(stack.dynamodb.tables, { notices: stack.topics.notices }),
    AWS_REGION: stack.region,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamodb.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: stack.dynamodb.endpoint,
    AWS_ENDPOINT_URL_SQS: stack.queues.endpoint,
    AWS_ENDPOINT_URL_SNS: stack.topics.endpoint,
  };
}

/**
 * The folder `npm run dev` keeps its data and its stack file in: `DWIPPER_DATA_DIR`, absolute or
 * relative to the repository, else `.local/`.
 */
export const devDataDir = (): string =>
  path.resolve(repoRoot, process.env.DWIPPER_DATA_DIR ?? ".local");

/** Where `npm run dev` writes its stack (`.local/stack.json`), which the other commands read. */
export const devStackFile = (): string => path.join(devDataDir(), "stack.json");

/** The stack of the running `npm run dev`, or a message saying to start it. */
export async function runningStack(command: string): Promise<StackInfo> {
  try {
    const stack = JSON.parse(await readFile(devStackFile(), "utf8")) as StackInfo;
    await fetch(stack.mailboxUrl);
    return stack;
  } catch {
    console.error(
      `Start Dwipper first (\`npm run dev\`), then run \`${command}\` in another terminal.`,
    );
    process.exit(1);
  }
}

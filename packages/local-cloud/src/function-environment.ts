// What a deployed function finds in its environment to reach its tables and queues (SST's links
// and the SDK's endpoints), pointed at a local cloud: for code that runs the app's own modules
// outside the cloud's process (the seed, the redrive) and for the cloud itself.
import { readFile } from "node:fs/promises";
import { localCredentials } from "./credentials";
import type { StackInfo } from "./local-cloud";

export function functionEnvironment(
  stack: Pick<StackInfo, "region" | "dynamodb" | "queues">,
): Record<string, string> {
  return {
    SST_RESOURCE_Dwipps: JSON.stringify({
      name: stack.dynamodb.tables.dwipps,
      type: "sst.sst.Linkable",
    }),
    SST_RESOURCE_Favorites: JSON.stringify({
      name: stack.dynamodb.tables.favorites,
      type: "sst.sst.Linkable",
    }),
    SST_RESOURCE_Budgets: JSON.stringify({
      name: stack.dynamodb.tables.budgets,
      type: "sst.sst.Linkable",
    }),
    AWS_REGION: stack.region,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamodb.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: stack.dynamodb.endpoint,
    AWS_ENDPOINT_URL_SQS: stack.queues.endpoint,
  };
}

/** The stack of the running `npm run dev`, or a message saying to start it. */
export async function runningStack(stackFile: string, command: string): Promise<StackInfo> {
  try {
    const stack = JSON.parse(await readFile(stackFile, "utf8")) as StackInfo;
    await fetch(stack.mailboxUrl);
    return stack;
  } catch {
    console.error(
      `Start Dwipper first (\`npm run dev\`), then run \`${command}\` in another terminal.`,
    );
    process.exit(1);
  }
}

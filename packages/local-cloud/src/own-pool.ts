// A user pool of a test's own, for what the shared local cloud cannot be set to (the pool's
// triggers, its clock): cognito-local in this process on a scratch folder, a client for it, and one
// call that stops both and removes the folder.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { type CognitoLocal, startCognitoLocal } from "./cognito";
import { localCredentials } from "./credentials";
import type { Mailbox } from "./mailbox";

export const OWN_POOL_REGION = "us-east-1";

export interface OwnPool {
  pool: CognitoLocal;
  cognito: CognitoIdentityProviderClient;
  stop(): Promise<void>;
}

export async function startOwnPool(
  mailbox: Mailbox,
  options: Parameters<typeof startCognitoLocal>[4] = {},
): Promise<OwnPool> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "dwipper-pool-"));
  const pool = await startCognitoLocal(0, dataDir, OWN_POOL_REGION, mailbox, options);
  const cognito = new CognitoIdentityProviderClient({
    endpoint: pool.endpoint,
    region: OWN_POOL_REGION,
    credentials: localCredentials,
  });
  return {
    pool,
    cognito,
    stop: async () => {
      cognito.destroy();
      await pool.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

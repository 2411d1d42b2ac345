// The backfill for accounts and Dwipps that predate profiles and Top: every confirmed account of
// the pool gets its profile (joined when the account was made: Cognito keeps no confirmation
// time), then every Dwipp not yet counted or ranked is (core's `backfillDwipps`). Safe to run
// again at any time. On AWS (docs/operations.md), through `sst shell`, which gives it the tables'
// links: `DWIPPER_USER_POOL_ID=<the stage's userPoolId> npx sst shell --stage <stage> -- npx tsx
// packages/functions/src/ops/backfill.ts`; locally, `npm run backfill` beside `npm run dev`.
import {
  CognitoIdentityProviderClient,
  ListUsersCommand,
  type ListUsersCommandOutput,
} from "@aws-sdk/client-cognito-identity-provider";
import { backfillDwipps } from "@dwipper/core/backfill";
import * as Profile from "@dwipper/core/profile";

export interface BackfillSummary {
  profiles: number;
  counted: number;
  ranked: number;
}

export async function backfill(userPoolId: string): Promise<BackfillSummary> {
  const cognito = new CognitoIdentityProviderClient({});
  let profiles = 0;
  try {
    let token: string | undefined;
    do {
      const page: ListUsersCommandOutput = await cognito.send(
        new ListUsersCommand({ UserPoolId: userPoolId, PaginationToken: token }),
      );
      for (const user of page.Users ?? []) {
        if (user.UserStatus !== "CONFIRMED") continue;
        const attribute = (name: string) => user.Attributes?.find((a) => a.Name === name)?.Value;
        const id = attribute("sub");
        const name = attribute("name");
        if (!id || !name) continue;
        await Profile.ensure({ id, name }, user.UserCreateDate ?? new Date());
        profiles++;
      }
      token = page.PaginationToken;
    } while (token);
  } finally {
    cognito.destroy();
  }
  return { profiles, ...(await backfillDwipps()) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const userPoolId = process.env.DWIPPER_USER_POOL_ID;
  if (!userPoolId) {
    console.error(
      "Set DWIPPER_USER_POOL_ID to the stage's user pool id (its `userPoolId` output).",
    );
    process.exit(1);
  }
  backfill(userPoolId).then(
    (summary) => console.log("Backfilled:", summary),
    (error: unknown) => {
      console.error("The backfill failed:", error);
      process.exit(1);
    },
  );
}

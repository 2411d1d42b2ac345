// Where the app finds its backend, set at build time: by `sst deploy` from the stack's outputs, and
// by the local cloud for `npm run dev` and the tests. The names are @dwipper/site's.
import type { PublicConfig } from "@dwipper/site/public-config";

export type { PublicConfig } from "@dwipper/site/public-config";

// Each NEXT_PUBLIC_ variable is written out in full so that Next can inline it at build time
// (public-config.test.ts checks they are the shared names).
export const publicConfig: PublicConfig = {
  apiUrl: process.env.NEXT_PUBLIC_API_URL ?? "",
  userPoolId: process.env.NEXT_PUBLIC_USER_POOL_ID ?? "",
  userPoolClientId: process.env.NEXT_PUBLIC_USER_POOL_CLIENT_ID ?? "",
  cognitoEndpoint: process.env.NEXT_PUBLIC_COGNITO_ENDPOINT ?? "",
  mailboxUrl: process.env.NEXT_PUBLIC_MAILBOX_URL ?? "",
};

// A user pool finds a person by name as Cognito does. The stack's pool compares names without case
// (SST sets `UsernameConfiguration.CaseSensitive` false): an email typed in any case is the same
// person, whom it signs in and resets, and no second account is made for another spelling of it.
// cognito-local compares names exactly, so locally "Ada@example.com" was a second account and
// could not sign in as "ada@example.com". Every lookup by name goes through `getUserByUsername`,
// which this makes compare without case in a pool configured so.
import type { Context } from "cognito-local/lib/services/context.js";
import type { DataStore } from "cognito-local/lib/services/dataStore/dataStore.js";
import type { Services } from "cognito-local/lib/services/index.js";
import type {
  User,
  UserPool,
  UserPoolService,
} from "cognito-local/lib/services/userPoolService.js";
import { UserPoolServiceFactoryImpl } from "cognito-local/lib/services/userPoolService.js";

/** How the stack's pool compares names (stacks/auth.ts, through SST's CognitoUserPool). */
export const USERNAME_CONFIGURATION = { CaseSensitive: false };

const caseless = (name: string) => name.toLowerCase();

/** Whether `user` is the one `name` names, compared without case: its user name or its email. */
const named = (user: User, name: string) =>
  caseless(user.Username) === name ||
  user.Attributes.some(
    (attribute) =>
      attribute.Name === "email" &&
      attribute.Value !== undefined &&
      caseless(attribute.Value) === name,
  );

/** cognito-local's pools, each finding a person by name without case when configured so. */
export class CaselessUserPools extends UserPoolServiceFactoryImpl {
  override async create(
    ctx: Context,
    clientsDataStore: DataStore,
    defaultOptions: UserPool,
  ): Promise<UserPoolService> {
    const pool = await super.create(ctx, clientsDataStore, defaultOptions);
    const exactly = pool.getUserByUsername.bind(pool);
    pool.getUserByUsername = async (lookup, name) => {
      const found = await exactly(lookup, name);
      if (found || pool.options.UsernameConfiguration?.CaseSensitive !== false) return found;
      const wanted = caseless(name);
      return (await pool.listUsers(lookup)).find((user) => named(user, wanted)) ?? null;
    };
    return pool;
  }
}

/** The pool an app client signs people into, and the person `name` names there (null if none). */
export async function personNamed(
  services: Services,
  ctx: Context,
  clientId: string,
  name: string,
) {
  const pool = await services.cognito.getUserPoolForClientId(ctx, clientId);
  return { pool, user: await pool.getUserByUsername(ctx, name) };
}

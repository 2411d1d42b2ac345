// A sign-in as the web app makes it: the SDK's own SRP client (amazon-cognito-identity-js), which
// proves the password to Cognito without sending it. Tests use it to hold the local Cognito to
// the flow the deployed site runs.
import * as sdk from "amazon-cognito-identity-js";
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from "amazon-cognito-identity-js";

export interface PoolAddress {
  userPoolId: string;
  userPoolClientId: string;
  endpoint: string;
}

/** The session, or the SDK's error (its `code` is Cognito's error name). */
export function srpSignIn(
  pool: PoolAddress,
  email: string,
  password: string,
): Promise<CognitoUserSession> {
  const user = new CognitoUser({
    Username: email,
    Pool: new CognitoUserPool({
      UserPoolId: pool.userPoolId,
      ClientId: pool.userPoolClientId,
      endpoint: pool.endpoint,
    }),
  });
  user.setAuthenticationFlowType("USER_SRP_AUTH");
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: email, Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
    });
  });
}

/** How an SRP sign-in ended: "ok", or Cognito's error name and message. */
export async function srpOutcome(
  pool: PoolAddress,
  email: string,
  password: string,
): Promise<string> {
  try {
    await srpSignIn(pool, email, password);
    return "ok";
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    return `${code}: ${message}`;
  }
}

interface SdkNumber {
  toString(radix: number): string;
}
interface SdkHelper {
  N: { constructor: new (hex: string, radix: number) => SdkNumber };
  getLargeAValue(callback: (error: unknown, value: SdkNumber) => void): void;
  getPasswordAuthenticationKey(
    userId: string,
    password: string,
    serverPublic: SdkNumber,
    salt: SdkNumber,
    callback: (error: unknown, key: Uint8Array) => void,
  ): void;
}
// The SDK exports its SRP helper, though its type declarations do not name it.
const { AuthenticationHelper } = sdk as unknown as {
  AuthenticationHelper: new (poolName: string) => SdkHelper;
};

/** The SDK's own SRP client, one exchange's worth, for tests that take the exchange apart. */
export class SdkSrpClient {
  private readonly helper: SdkHelper;

  /** `poolName` is the part of the pool's id after its region's underscore. */
  constructor(poolName: string) {
    this.helper = new AuthenticationHelper(poolName);
  }

  /** The client's public number A, hex (`SRP_A`). */
  publicNumber(): Promise<string> {
    return new Promise((resolve, reject) =>
      this.helper.getLargeAValue((error, value) =>
        error ? reject(error) : resolve(value.toString(16)),
      ),
    );
  }

  /** The key the client derives for `password` from the server's `SRP_B` and `SALT`. */
  key(userId: string, password: string, serverPublic: string, salt: string): Promise<Buffer> {
    const SdkBigNumber = this.helper.N.constructor;
    return new Promise((resolve, reject) =>
      this.helper.getPasswordAuthenticationKey(
        userId,
        password,
        new SdkBigNumber(serverPublic, 16),
        new SdkBigNumber(salt, 16),
        (error, key) => (error ? reject(error) : resolve(Buffer.from(key))),
      ),
    );
  }
}

// cognito-local, run in this process so that two of Cognito's own hooks can be served here:
// - messages go to the local mailbox (an in-process sender that knows why each code was sent);
// - the pre-token-generation trigger adds `name` to ID tokens, as AWS does for standard attributes
//   and cognito-local 5.3.0 does not (docs/decisions/0005-local-cognito-gaps.md).
// The user pool and its web client are created on first start and found again afterwards.
import type { Server } from "node:http";
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type ExplicitAuthFlowsType,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { passwordPolicy } from "@dwipper/core/password-policy";
import { closesIdleUnannounced } from "@dwipper/dynamodb-engine/idle-connections";
import { cognitoTriggerInvocation } from "@dwipper/functions/routes";
import {
  POST_CONFIRMATION,
  PRE_SIGN_UP,
  triggerFailureMessage,
} from "@dwipper/site/cognito-answers";
import { WEB_CLIENT_AUTH_FLOWS, WEB_CLIENT_TOKEN_VALIDITY } from "@dwipper/site/web-client";
import { CognitoError, UserLambdaValidationError } from "cognito-local/lib/errors.js";
import { DefaultConfig } from "cognito-local/lib/server/config.js";
import { Router } from "cognito-local/lib/server/Router.js";
import { createServer } from "cognito-local/lib/server/server.js";
import { CognitoServiceFactoryImpl } from "cognito-local/lib/services/cognitoService.js";
import { CryptoService } from "cognito-local/lib/services/crypto.js";
import { StormDBDataStoreFactory } from "cognito-local/lib/services/dataStore/stormDb.js";
import {
  type Clock,
  DateClock,
  LambdaService,
  type Services,
  TriggersService,
} from "cognito-local/lib/services/index.js";
import { otp } from "cognito-local/lib/services/otp.js";
import pino from "pino";
import { NAME_SCHEMA } from "./cognito-attributes";
import { withRateQuotas } from "./cognito-quotas";
import { noteTriggerFailure, withAwsBehaviour } from "./cognito-targets";
import { CaselessUserPools, USERNAME_CONFIGURATION } from "./cognito-usernames";
import { localCredentials } from "./credentials";
import { TimedOut, within } from "./lambda-timeout";
import type { Mailbox, MessageKind } from "./mailbox";
import { RevocableTokenGenerator } from "./revocable-tokens";

export const POOL_NAME = "dwipper";
export const CLIENT_NAME = "web";

/** As the stack builds the pool: a changed email waits for its code (ADR 0054). */
const EMAIL_UPDATES = { AttributesRequireVerificationBeforeUpdate: ["email" as const] };

/**
 * The web client's sign-in flows as deployed, and the pool's admin password sign-in, which needs
 * AWS credentials no browser has: the tests and the seed sign people in with it, and get tokens
 * for the web client as the browser would.
 */
const LOCAL_WEB_CLIENT_AUTH_FLOWS: ExplicitAuthFlowsType[] = [
  ...WEB_CLIENT_AUTH_FLOWS,
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
];

type TriggerEvent = {
  request: { userAttributes?: Record<string, string> };
  response: Record<string, unknown>;
};

/** The app's own Cognito triggers, run as Lambda would run them (the local cloud's bundles). */
export interface PoolTriggers {
  preSignUp?: (event: unknown) => Promise<unknown>;
  postConfirmation?: (event: unknown) => Promise<unknown>;
  /** How long Cognito waits for one try of a trigger: its 5 s unless a test needs less. */
  timeoutMs?: number;
}

// The functions Cognito would invoke in Lambda, answered in-process with the same event shapes:
// Dwipper's own triggers, and the local stand-in for what AWS does without one.
function triggerFunctions(triggers: PoolTriggers) {
  const functions: Record<string, (event: TriggerEvent) => Promise<unknown>> = {
    "local-pre-token-generation": async (event) => {
      const name = event.request.userAttributes?.name;
      event.response = {
        claimsOverrideDetails: { claimsToAddOrOverride: name ? { name } : {} },
      };
      return event;
    },
  };
  const { preSignUp, postConfirmation } = triggers;
  if (preSignUp) functions[PRE_SIGN_UP] = preSignUp;
  if (postConfirmation) functions[POST_CONFIRMATION] = postConfirmation;
  return functions;
}

const timedOut = Symbol("timed out");

/**
 * Invokes a trigger as Cognito does: it waits `timeoutMs` for each try and tries one that did
 * not answer again, `cognitoTriggerInvocation.attempts` tries in all (a try it stopped waiting
 * for is stopped at its own timeout, the same, and sends nothing more; what it had sent may have
 * landed). A trigger that threw is not tried again. Either way the request that invoked it is
 * answered with an error.
 */
function inProcessLambda(functions: ReturnType<typeof triggerFunctions>, timeoutMs: number) {
  // The trigger's own timeout is Cognito's wait (the stack gives it the same): a try not waited
  // for any more is stopped in its thread at that timeout, and sends nothing more.
  const once = async (run: (event: TriggerEvent) => Promise<unknown>, payload: string) => {
    try {
      return await within(() => run(JSON.parse(payload) as TriggerEvent), timeoutMs);
    } catch (error) {
      if (error instanceof TimedOut) return timedOut;
      throw error;
    }
  };
  return {
    invoke(params: { FunctionName: string; Payload: string }) {
      return {
        promise: async () => {
          const run = functions[params.FunctionName];
          if (!run) return { StatusCode: 404, FunctionError: "Unhandled", Payload: "{}" };
          try {
            for (let attempt = 1; attempt <= cognitoTriggerInvocation.attempts; attempt++) {
              const answer = await once(run, params.Payload);
              if (answer !== timedOut) return { StatusCode: 200, Payload: JSON.stringify(answer) };
            }
          } catch (error) {
            // Lambda's answer for a function that threw, and Cognito's to the request.
            const errorMessage = error instanceof Error ? error.message : String(error);
            noteTriggerFailure(
              new UserLambdaValidationError(
                triggerFailureMessage(params.FunctionName, errorMessage),
              ),
            );
            return {
              StatusCode: 200,
              FunctionError: "Unhandled",
              Payload: JSON.stringify({ errorMessage }),
            };
          }
          const failure = new CognitoError(
            "UnexpectedLambdaException",
            triggerFailureMessage(
              params.FunctionName,
              "Socket timeout while invoking Lambda function",
            ),
          );
          noteTriggerFailure(failure);
          throw failure;
        },
      };
    },
  };
}

const kindOfSource: Record<string, MessageKind | undefined> = {
  SignUp: "confirm-sign-up",
  ResendCode: "confirm-sign-up",
  ForgotPassword: "forgot-password",
  // A changed email's code goes to the new address (ADR 0054).
  UpdateUserAttribute: "verify-email",
};

type Attribute = { Name: string; Value?: string };

interface CognitoUser {
  Username: string;
  Attributes?: Attribute[];
  /** A changed email waiting for its code (ADR 0054). */
  UnverifiedAttributeChanges?: Attribute[];
}

const emailIn = (attributes: Attribute[] | undefined) =>
  attributes?.find((attribute) => attribute.Name === "email")?.Value;

export interface CognitoLocal {
  endpoint: string;
  userPoolId: string;
  userPoolClientId: string;
  issuer: string;
  jwksUrl: string;
  stop(): Promise<void>;
}

export async function startCognitoLocal(
  port: number,
  dataDir: string,
  region: string,
  mailbox: Mailbox,
  {
    tokenValiditySeconds,
    poolTriggers = {},
    clock = new DateClock(),
  }: {
    /** ID and access tokens' lifetime for the web client; the stack's client's otherwise. */
    tokenValiditySeconds?: number;
    poolTriggers?: PoolTriggers;
    /** What the pool takes the time to be (its tokens' and its lockouts'); the machine's clock. */
    clock?: Clock;
  } = {},
): Promise<CognitoLocal> {
  const logger = pino({ level: process.env.COGNITO_LOCAL_LOG_LEVEL ?? "silent" });
  const ctx = { logger };
  const config = {
    ...DefaultConfig,
    TriggerFunctions: {
      PreTokenGeneration: "local-pre-token-generation",
      // Named as Cognito names each trigger in its errors, where the local function's name shows.
      ...(poolTriggers.preSignUp ? { PreSignUp: PRE_SIGN_UP } : {}),
      ...(poolTriggers.postConfirmation ? { PostConfirmation: POST_CONFIRMATION } : {}),
    },
    // Set once the server has its port (with port 0 it chooses one itself).
    TokenConfig: { IssuerDomain: "" },
    ServerConfig: { port, hostname: "localhost", development: false, https: false },
  };
  const dataStoreFactory = new StormDBDataStoreFactory(dataDir);
  const cognito = await new CognitoServiceFactoryImpl(
    dataDir,
    dataStoreFactory,
    new CaselessUserPools(clock, dataStoreFactory),
  ).create(ctx, config.UserPoolDefaults);
  // Stands in for aws-sdk v2's Lambda client, of which only invoke() is used.
  const lambda = inProcessLambda(
    triggerFunctions(poolTriggers),
    poolTriggers.timeoutMs ?? cognitoTriggerInvocation.timeoutSeconds * 1000,
  ) as unknown as ConstructorParameters<typeof LambdaService>[1];
  const triggers = new TriggersService(
    clock,
    cognito,
    new LambdaService(config.TriggerFunctions, lambda),
    new CryptoService(config.KMSConfig),
  );
  const messages = {
    async deliver(
      _ctx: unknown,
      source: string,
      _clientId: unknown,
      _poolId: unknown,
      user: CognitoUser,
      code: string,
    ) {
      const kind = kindOfSource[source];
      // A changed email's code goes to the new address, as Cognito sends it; cognito-local would
      // send it to the one the person has now.
      const to =
        (source === "UpdateUserAttribute" && emailIn(user.UnverifiedAttributeChanges)) ||
        emailIn(user.Attributes);
      if (kind && to) mailbox.deliver({ to, kind, code });
    },
  };
  // `messages` implements the one method of MessagesService that cognito-local calls.
  const services = {
    clock,
    cognito,
    config,
    messages,
    otp,
    tokenGenerator: new RevocableTokenGenerator(clock, triggers, config.TokenConfig),
    triggers,
  } as unknown as Services;
  const server: Server = await createServer(
    withRateQuotas(services, withAwsBehaviour(services, Router(services))),
    logger,
    config.ServerConfig,
    services,
  ).start();
  closesIdleUnannounced(server);
  const address = server.address();
  const endpoint = `http://localhost:${typeof address === "object" && address ? address.port : port}`;
  config.TokenConfig.IssuerDomain = endpoint;

  const client = new CognitoIdentityProviderClient({
    endpoint,
    region,
    credentials: localCredentials,
  });
  try {
    const { userPoolId, userPoolClientId } = await ensurePool(client, tokenValiditySeconds);
    // A pool kept on disk from before its `name` had bounds takes the stack's, and compares names
    // without case (Cognito would need a new pool for either; the local data is only a
    // developer's), and today's email updates.
    const pool = await cognito.getUserPool(ctx, userPoolId);
    await pool.updateOptions(ctx, {
      ...pool.options,
      UsernameConfiguration: USERNAME_CONFIGURATION,
      UserAttributeUpdateSettings: EMAIL_UPDATES,
      SchemaAttributes: (pool.options.SchemaAttributes ?? []).map((entry) =>
        entry.Name === NAME_SCHEMA.Name ? { ...entry, ...NAME_SCHEMA } : entry,
      ),
    });
    return {
      endpoint,
      userPoolId,
      userPoolClientId,
      issuer: `${endpoint}/${userPoolId}`,
      jwksUrl: `${endpoint}/${userPoolId}/.well-known/jwks.json`,
      async stop() {
        client.destroy();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
      },
    };
  } catch (error) {
    server.close();
    throw error;
  }
}

/**
 * How long the web client's tokens last: the stack's client's lifetimes (cognito-local's own are a
 * day for ID and access tokens and a week for a refresh token), or, for ID and access tokens,
 * `tokenValiditySeconds` where a test asks for short ones.
 */
function tokenValidity(tokenValiditySeconds?: number) {
  return {
    IdTokenValidity: tokenValiditySeconds ?? WEB_CLIENT_TOKEN_VALIDITY.idTokenMinutes,
    AccessTokenValidity: tokenValiditySeconds ?? WEB_CLIENT_TOKEN_VALIDITY.accessTokenMinutes,
    RefreshTokenValidity: WEB_CLIENT_TOKEN_VALIDITY.refreshTokenDays,
    TokenValidityUnits: {
      IdToken: tokenValiditySeconds ? "seconds" : "minutes",
      AccessToken: tokenValiditySeconds ? "seconds" : "minutes",
      RefreshToken: "days",
    } as const,
  };
}

async function ensurePool(client: CognitoIdentityProviderClient, tokenValiditySeconds?: number) {
  const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((pool) => pool.Name === POOL_NAME)?.Id;
  if (!userPoolId) {
    const created = await client.send(
      new CreateUserPoolCommand({
        PoolName: POOL_NAME,
        UsernameAttributes: ["email"],
        UsernameConfiguration: USERNAME_CONFIGURATION,
        AutoVerifiedAttributes: ["email"],
        Policies: {
          PasswordPolicy: {
            MinimumLength: passwordPolicy.minLength,
            RequireLowercase: passwordPolicy.requireLowercase,
            RequireUppercase: passwordPolicy.requireUppercase,
            RequireNumbers: passwordPolicy.requireNumbers,
            RequireSymbols: passwordPolicy.requireSymbols,
          },
        },
        Schema: [NAME_SCHEMA],
        UserAttributeUpdateSettings: EMAIL_UPDATES,
      }),
    );
    userPoolId = created.UserPool?.Id;
  }
  if (!userPoolId) throw new Error("cognito-local did not create the user pool.");
  const clients = await client.send(
    new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
  );
  let userPoolClientId = clients.UserPoolClients?.find(
    (entry) => entry.ClientName === CLIENT_NAME,
  )?.ClientId;
  if (!userPoolClientId) {
    const created = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: CLIENT_NAME,
        ExplicitAuthFlows: LOCAL_WEB_CLIENT_AUTH_FLOWS,
        PreventUserExistenceErrors: "ENABLED",
        ...tokenValidity(tokenValiditySeconds),
      }),
    );
    userPoolClientId = created.UserPoolClient?.ClientId;
  } else {
    // A pool kept on disk from before keeps its client: give it today's flows and lifetimes.
    await client.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientId: userPoolClientId,
        ExplicitAuthFlows: LOCAL_WEB_CLIENT_AUTH_FLOWS,
        ...tokenValidity(tokenValiditySeconds),
      }),
    );
  }
  if (!userPoolClientId) throw new Error("cognito-local did not create the app client.");
  return { userPoolId, userPoolClientId };
}

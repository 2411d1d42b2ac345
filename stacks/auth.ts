// The Cognito user pool people sign in with, its trigger, and the web app's client of it.
import { passwordPolicy } from "@dwipper/core/password-policy";
import { NAME_MAX_LENGTH } from "@dwipper/core/person-name";
import { cognitoTriggerInvocation, cognitoTriggers } from "@dwipper/functions/routes";
import { WEB_CLIENT_AUTH_FLOWS, WEB_CLIENT_TOKEN_VALIDITY } from "@dwipper/site/web-client";
import { emailSender } from "./email";
import { lambdaArgs } from "./functions";

const identity = aws.getCallerIdentityOutput();
const region = aws.getRegionOutput();

export const userPool = new sst.aws.CognitoUserPool("UserPool", {
  usernames: ["email"],
  verify: {
    emailSubject: "Your Dwipper code",
    emailMessage: "Your Dwipper confirmation code is {####}",
  },
  triggers: {
    // Refuses a name core's rule does not take, within the time Cognito waits for a trigger.
    preSignUp: {
      ...lambdaArgs(cognitoTriggers.preSignUp),
      timeout: `${cognitoTriggerInvocation.timeoutSeconds} seconds`,
    },
    // Makes the person's profile, within the time Cognito waits for a trigger.
    postConfirmation: {
      ...lambdaArgs(cognitoTriggers.postConfirmation),
      timeout: `${cognitoTriggerInvocation.timeoutSeconds} seconds`,
    },
  },
  transform: {
    userPool: (args) => {
      // A kept stage's accounts are what people registered with: the pool cannot be deleted until
      // its protection is turned off on purpose (ADR 0037), as its tables cannot.
      args.deletionProtection = $app.protect ? "ACTIVE" : "INACTIVE";
      args.passwordPolicy = {
        minimumLength: passwordPolicy.minLength,
        requireLowercase: passwordPolicy.requireLowercase,
        requireUppercase: passwordPolicy.requireUppercase,
        requireNumbers: passwordPolicy.requireNumbers,
        requireSymbols: passwordPolicy.requireSymbols,
        temporaryPasswordValidityDays: 7,
      };
      // A changed email takes effect only once a code sent to it is entered (ADR 0054): until then
      // the address the person confirmed stays the one they sign in and reset their password with.
      args.userAttributeUpdateSettings = { attributesRequireVerificationBeforeUpdates: ["email"] };
      args.emailConfiguration = $resolve([region.region, identity.accountId]).apply(
        ([name, account]) =>
          emailSender(process.env.DWIPPER_EMAIL_FROM, name, account) ?? {
            emailSendingAccount: "COGNITO_DEFAULT",
          },
      );
      args.schemas = [
        {
          name: "name",
          attributeDataType: "String",
          required: true,
          mutable: true,
          stringAttributeConstraints: { minLength: "1", maxLength: String(NAME_MAX_LENGTH) },
        },
      ];
    },
  },
});

/**
 * Each trigger's function name, by its file (stacks/alarms.ts watches its errors). The pool names
 * a trigger by ARN, under the trigger's own key: arn:aws:lambda:<region>:<account>:function:<name>.
 */
export const triggerFunctionNames = new Map(
  Object.entries(cognitoTriggers).map(([key, trigger]) => [
    trigger.file,
    userPool.nodes.userPool.lambdaConfig.apply((config) => {
      const arn = config?.[key as keyof typeof cognitoTriggers];
      const name = typeof arn === "string" ? arn.split(":")[6] : undefined;
      if (!name) throw new Error(`The user pool has no ${key} trigger.`);
      return name;
    }),
  ]),
);

export const webClient = userPool.addClient("Web", {
  transform: {
    client: (args) => {
      args.explicitAuthFlows = [...WEB_CLIENT_AUTH_FLOWS];
      // Cognito's own defaults, said here so that the local pool's client is given the same.
      args.idTokenValidity = WEB_CLIENT_TOKEN_VALIDITY.idTokenMinutes;
      args.accessTokenValidity = WEB_CLIENT_TOKEN_VALIDITY.accessTokenMinutes;
      args.refreshTokenValidity = WEB_CLIENT_TOKEN_VALIDITY.refreshTokenDays;
      args.tokenValidityUnits = {
        idToken: "minutes",
        accessToken: "minutes",
        refreshToken: "days",
      };
      args.generateSecret = false;
      args.preventUserExistenceErrors = "ENABLED";
      // No hosted sign-in exists, so no OAuth flow and no callback: SST's defaults (implicit and
      // code flows, a callback to https://example.com) would hand tokens to that address the day a
      // Cognito domain were added.
      args.allowedOauthFlows = [];
      args.allowedOauthFlowsUserPoolClient = false;
      args.allowedOauthScopes = [];
      args.callbackUrls = [];
      args.supportedIdentityProviders = ["COGNITO"];
    },
  },
});

/** Who issues the pool's tokens: API Gateway's authorizer and the public routes check against it. */
export const issuer = $interpolate`https://cognito-idp.${region.region}.amazonaws.com/${userPool.id}`;

/**
 * What a public route needs to check a token itself: the issuer (its keys are at
 * `<issuer>/.well-known/jwks.json`) and the web client, the audience.
 */
export const authLink = new sst.Linkable("Auth", {
  properties: { issuer, audience: webClient.id },
});

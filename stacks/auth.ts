// The Cognito user pool people sign in with, and the web app's client of it.
import { passwordPolicy } from "../packages/core/src/password-policy";

export const userPool = new sst.aws.CognitoUserPool("UserPool", {
  usernames: ["email"],
  verify: {
    emailSubject: "Your Dwipper code",
    emailMessage: "Your Dwipper confirmation code is {####}",
  },
  transform: {
    userPool: (args) => {
      args.passwordPolicy = {
        minimumLength: passwordPolicy.minLength,
        requireLowercase: passwordPolicy.requireLowercase,
        requireUppercase: passwordPolicy.requireUppercase,
        requireNumbers: passwordPolicy.requireNumbers,
        requireSymbols: passwordPolicy.requireSymbols,
        temporaryPasswordValidityDays: 7,
      };
      args.schemas = [
        {
          name: "name",
          attributeDataType: "String",
          required: true,
          mutable: true,
          stringAttributeConstraints: { minLength: "1", maxLength: "80" },
        },
      ];
    },
  },
});

export const webClient = userPool.addClient("Web", {
  transform: {
    client: (args) => {
      // The browser signs in with SRP (the password never leaves it) and stays signed in with
      // refresh tokens; nothing else.
      args.explicitAuthFlows = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
      args.generateSecret = false;
      args.preventUserExistenceErrors = "ENABLED";
    },
  },
});

// The production stage, deployed as the README says: with DWIPPER_EMAIL_FROM set the pool sends
// through SES from that address (its domain's verified identity; without it, Cognito's own
// sender), with DWIPPER_ALARM_EMAIL the alarms are mailed there, and the kept stage's tables cannot
// be deleted. (Its own file: one program per process; the main suite deploys a developer's stage
// without either setting.)
import { beforeAll, expect, it } from "vitest";
import { emailSender } from "./email";
import { type MockDeploy, mockDeploy } from "./testing/mock-deploy";

let deploy: MockDeploy;

beforeAll(async () => {
  process.env.DWIPPER_EMAIL_FROM = "Dwipper <no-reply@mail.dwipper.example>";
  process.env.DWIPPER_ALARM_EMAIL = "ops@dwipper.example";
  deploy = await mockDeploy({ stage: "production", runCommands: false });
}, 300_000);

it("sends the pool's email through SES from the named sender, and alarms to the named address", () => {
  expect(deploy.errors).toEqual([]);
  const pool = deploy.resources.find(
    (resource) => resource.type === "aws:cognito/userPool:UserPool",
  );
  expect(pool?.inputs.emailConfiguration).toEqual({
    emailSendingAccount: "DEVELOPER",
    fromEmailAddress: "Dwipper <no-reply@mail.dwipper.example>",
    sourceArn: "arn:aws:ses:us-east-1:123456789012:identity/mail.dwipper.example",
  });
  const mailed = deploy.resources.filter(
    (resource) =>
      resource.type === "aws:sns/topicSubscription:TopicSubscription" &&
      resource.inputs.protocol === "email",
  );
  expect(mailed.map((resource) => resource.inputs)).toEqual([
    expect.objectContaining({
      endpoint: "ops@dwipper.example",
      topic: expect.stringMatching(/:AlarmsTopic$/),
    }),
  ]);
});

it("protects every table and the user pool from deletion", () => {
  const pool = deploy.resources.find(
    (resource) => resource.type === "aws:cognito/userPool:UserPool",
  );
  expect(pool?.inputs.deletionProtection).toBe("ACTIVE");
  const tables = deploy.resources.filter(
    (resource) => resource.type === "aws:dynamodb/table:Table",
  );
  expect(tables).toHaveLength(4);
  for (const table of tables) {
    expect(table.inputs.deletionProtectionEnabled, table.name).toBe(true);
    expect(table.inputs.pointInTimeRecovery, table.name).toEqual({ enabled: true });
  }
});

it("refuses a sender that is no address, and names none when unset", () => {
  expect(() => emailSender("Dwipper", "us-east-1", "1")).toThrow(/not an email address/);
  expect(emailSender(undefined, "us-east-1", "1")).toBeUndefined();
});

// Production email: with DWIPPER_EMAIL_FROM set at deploy time the pool sends through SES from that
// address (its domain's verified identity); without it, Cognito's own sender. With
// DWIPPER_ALARM_EMAIL, the alarms are mailed there. (Its own file: one program per process; the
// main suite deploys without either setting.)
import { expect, it } from "vitest";
import { emailSender } from "./email";
import { mockDeploy } from "./testing/mock-deploy";

it("sends the pool's email through SES from the named sender, and alarms to the named address", async () => {
  process.env.DWIPPER_EMAIL_FROM = "Dwipper <no-reply@mail.dwipper.example>";
  process.env.DWIPPER_ALARM_EMAIL = "ops@dwipper.example";
  const deploy = await mockDeploy({ stage: "email-test", runCommands: false });
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
}, 300_000);

it("refuses a sender that is no address, and names none when unset", () => {
  expect(() => emailSender("Dwipper", "us-east-1", "1")).toThrow(/not an email address/);
  expect(emailSender(undefined, "us-east-1", "1")).toBeUndefined();
});

// Who the user pool's email comes from: SES with a named sender, or Cognito's own.

/**
 * Who the pool's email comes from. Set `DWIPPER_EMAIL_FROM` to an address (or `Name <address>`)
 * whose domain SES has verified in the stack's region, and Cognito sends through SES; unset, it
 * sends with its own default sender, which AWS caps at a few dozen messages a day.
 */
export function emailSender(from: string | undefined, region: string, account: string) {
  if (!from) return undefined;
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.split("@")[1];
  if (!domain) throw new Error(`DWIPPER_EMAIL_FROM is not an email address: "${from}"`);
  return {
    emailSendingAccount: "DEVELOPER",
    fromEmailAddress: from,
    sourceArn: `arn:aws:ses:${region}:${account}:identity/${domain}`,
  };
}

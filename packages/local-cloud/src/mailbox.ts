// The local stand-in for email: every message Cognito would have sent, kept (and saved to disk
// when the cloud has a data folder) so a person or a test can read the code.
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";

export type MessageKind = "confirm-sign-up" | "forgot-password" | "verify-email";

export interface MailboxMessage {
  to: string;
  kind: MessageKind;
  code: string;
  sentAt: string;
}

/** Where the mailbox is read, beside the API: `GET <path>?to=<email>`, newest first. */
export const MAILBOX_PATH = "/_local/mailbox";

export class Mailbox {
  private messages: MailboxMessage[] = [];
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly file: string | null) {
    if (!file) return;
    try {
      this.messages = JSON.parse(readFileSync(file, "utf8")) as MailboxMessage[];
    } catch {
      this.messages = [];
    }
  }

  deliver(message: Omit<MailboxMessage, "sentAt">): MailboxMessage {
    const stored = { ...message, to: message.to.toLowerCase(), sentAt: new Date().toISOString() };
    this.messages.push(stored);
    const { file } = this;
    if (file) {
      const snapshot = JSON.stringify(this.messages);
      this.saving = this.saving.then(() => writeFile(file, snapshot));
    }
    return stored;
  }

  /** Newest first; only those to `to` when given (case-insensitive, as email addresses are). */
  list(to?: string): MailboxMessage[] {
    const wanted = to?.toLowerCase();
    return this.messages.filter((message) => !wanted || message.to === wanted).reverse();
  }

  async flush(): Promise<void> {
    await this.saving;
  }
}

/** The mailbox as a page of the local cloud: `{"messages": [...]}`, for one address or all. */
export const mailboxPage =
  (mailbox: Mailbox) =>
  (query: URLSearchParams): { messages: MailboxMessage[] } => ({
    messages: mailbox.list(query.get("to") ?? undefined),
  });

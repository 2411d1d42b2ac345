"use client";
// Local cloud only: what Cognito would have emailed, so a person can register without real email.
import { useEffect, useState } from "react";
import { publicConfig } from "@/config/public-config";

interface Message {
  to: string;
  kind: string;
  code: string;
  sentAt: string;
}

/** What each kind of message the local mailbox keeps is for. */
const KIND_LABELS: Record<string, string> = {
  "confirm-sign-up": "Confirm sign-up",
  "forgot-password": "Password reset",
  "verify-email": "Confirm a new email",
};

export default function MailboxPage() {
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!publicConfig.mailboxUrl) return;
    const load = () =>
      fetch(publicConfig.mailboxUrl)
        .then((response) => response.json() as Promise<{ messages: Message[] }>)
        .then((body) => {
          setMessages(body.messages);
          setError(null);
        })
        .catch(() => setError("The local mailbox is not answering. Is `npm run dev` running?"));
    void load();
    const timer = setInterval(load, 2_000);
    return () => clearInterval(timer);
  }, []);

  return (
    <section aria-labelledby="mailbox-title">
      <h1 id="mailbox-title" className="mb-2 text-xl font-bold">
        Local mailbox
      </h1>
      {!publicConfig.mailboxUrl ? (
        <p>The mailbox exists only when Dwipper runs on the local cloud (`npm run dev`).</p>
      ) : (
        <>
          <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
            Every email Cognito would have sent, newest first.
          </p>
          {error && <p role="alert">{error}</p>}
          {messages?.length === 0 && (
            <p role="status">No messages yet. Create an account to get one.</p>
          )}
          <ul aria-label="Messages" className="flex flex-col gap-2">
            {messages?.map((message) => (
              <li
                key={`${message.sentAt}-${message.to}-${message.code}`}
                className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
              >
                <p className="text-sm">
                  To <strong>{message.to}</strong> · {KIND_LABELS[message.kind] ?? message.kind}
                </p>
                <p className="text-lg">
                  Code: <code className="font-mono font-bold">{message.code}</code>
                </p>
                <p className="text-xs text-zinc-600 dark:text-zinc-400">
                  <time dateTime={message.sentAt}>{new Date(message.sentAt).toLocaleString()}</time>
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

// The few form parts every page uses: a labelled field with an optional hint, a submit button that
// says when it is busy, and a message region that screen readers announce.
"use client";
import { passwordPolicyText, passwordProblems } from "@dwipper/core/password-policy";
import type { InputHTMLAttributes, ReactNode } from "react";
import { useId, useState } from "react";

type FieldProps = {
  label: string;
  hint?: ReactNode;
  value: string;
  onValue: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange">;

export function Field({ label, hint, value, onValue, ...input }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        aria-describedby={hint ? hintId : undefined}
        className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-base outline-none focus-visible:ring-2 focus-visible:ring-sky-600 dark:border-zinc-700 dark:bg-zinc-900"
        value={value}
        onChange={(event) => onValue(event.target.value)}
        {...input}
      />
      {hint && (
        <p id={hintId} className="text-xs text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      )}
    </div>
  );
}

export function EmailField({
  value,
  onValue,
}: {
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <Field
      label="Email"
      type="email"
      autoComplete="email"
      required
      value={value}
      onValue={onValue}
    />
  );
}

/** A password being chosen: the policy beside it, as Cognito will check it. */
export function NewPasswordField({
  label = "Password",
  value,
  onValue,
}: {
  label?: string;
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <Field
      label={label}
      type="password"
      autoComplete="new-password"
      required
      value={value}
      onValue={onValue}
      hint={passwordPolicyText}
    />
  );
}

/** The policy rules a new password breaks, as one sentence, or null when it meets them. */
export function passwordRefusal(password: string): string | null {
  const problems = passwordProblems(password);
  return problems.length > 0 ? `Your password needs ${problems.join(", ")}.` : null;
}

export function SubmitButton({ busy, children }: { busy: boolean; children: ReactNode }) {
  return (
    <button
      type="submit"
      disabled={busy}
      aria-disabled={busy}
      className="rounded-md bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-60"
    >
      {children}
    </button>
  );
}

export type Notice = { kind: "error" | "success"; text: string } | null;

/** Errors are alerts (announced at once); successes are polite status messages. */
export function FormNotice({ notice }: { notice: Notice }) {
  return (
    <>
      <div role="alert" className="text-sm text-red-700 dark:text-red-400">
        {notice?.kind === "error" ? notice.text : null}
      </div>
      <div role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
        {notice?.kind === "success" ? notice.text : null}
      </div>
    </>
  );
}

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section
      aria-labelledby="page-title"
      className="mx-auto mt-6 max-w-sm rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h1 id="page-title" className="mb-4 text-xl font-bold">
        {title}
      </h1>
      {children}
    </section>
  );
}

/**
 * One form action at a time: `busy` while it runs (so buttons can refuse a second click), and its
 * failure said in words. `run` starts it from an event handler, which does not wait for it: every
 * way it can end is shown on the page.
 */
export function useFormAction(initial: Notice = null) {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(initial);

  async function perform(action: () => Promise<void>, describe: (error: unknown) => string) {
    setBusy(true);
    setNotice(null);
    try {
      await action();
    } catch (error) {
      setNotice({ kind: "error", text: describe(error) });
    } finally {
      setBusy(false);
    }
  }

  function run(action: () => Promise<void>, describe: (error: unknown) => string): void {
    void perform(action, describe);
  }

  return { busy, notice, setNotice, run };
}

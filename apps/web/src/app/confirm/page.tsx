"use client";
import { useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, Suspense, useState } from "react";
import { describeAuthError } from "@/auth/auth-errors";
import { confirmSignUp, resendConfirmationCode } from "@/auth/cognito";
import { AuthCard, Field, FormNotice, type Notice, SubmitButton } from "@/components/form-controls";

function ConfirmForm() {
  const params = useSearchParams();
  const router = useRouter();
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(
    params.get("sent")
      ? { kind: "success", text: "We sent a confirmation code to your email." }
      : null,
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      await confirmSignUp(email.trim(), code.trim());
      router.push(`/login/?email=${encodeURIComponent(email.trim())}&confirmed=1`);
    } catch (error) {
      setNotice({ kind: "error", text: describeAuthError("confirm", error) });
      setBusy(false);
    }
  }

  async function resend() {
    setBusy(true);
    setNotice(null);
    try {
      await resendConfirmationCode(email.trim());
      setNotice({ kind: "success", text: "We sent a new code. Use the newest one." });
    } catch (error) {
      setNotice({ kind: "error", text: describeAuthError("resend", error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard title="Confirm your email">
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <Field
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Field
          label="Confirmation code"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <FormNotice notice={notice} />
        <SubmitButton busy={busy}>Confirm</SubmitButton>
        <button
          type="button"
          onClick={resend}
          disabled={busy || !email.trim()}
          className="text-sm text-sky-700 underline disabled:opacity-60 dark:text-sky-400"
        >
          Send a new code
        </button>
      </form>
    </AuthCard>
  );
}

export default function ConfirmPage() {
  return (
    <Suspense>
      <ConfirmForm />
    </Suspense>
  );
}

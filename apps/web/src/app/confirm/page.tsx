"use client";
// Confirm a new account with the code Cognito emailed, or ask for a new code.

import { useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, Suspense, useState } from "react";
import { describeAuthError } from "@/auth/auth-errors";
import { confirmSignUp, resendConfirmationCode } from "@/auth/cognito";
import {
  AuthCard,
  EmailField,
  Field,
  FormNotice,
  SubmitButton,
  useFormAction,
} from "@/components/form-controls";

function ConfirmForm() {
  const params = useSearchParams();
  const router = useRouter();
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [code, setCode] = useState("");
  const { busy, notice, setNotice, run } = useFormAction(
    params.get("sent")
      ? { kind: "success", text: "We sent a confirmation code to your email." }
      : null,
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    run(
      async () => {
        await confirmSignUp(email.trim(), code.trim());
        router.push(`/login/?email=${encodeURIComponent(email.trim())}&confirmed=1`);
      },
      (error) => describeAuthError("confirm", error),
    );
  }

  function resend() {
    run(
      async () => {
        await resendConfirmationCode(email.trim());
        setNotice({ kind: "success", text: "We sent a new code. Use the newest one." });
      },
      (error) => describeAuthError("resend", error),
    );
  }

  return (
    <AuthCard title="Confirm your email">
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <EmailField value={email} onValue={setEmail} />
        <Field
          label="Confirmation code"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          value={code}
          onValue={setCode}
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

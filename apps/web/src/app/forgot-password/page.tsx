"use client";
// Recover a lost password: ask for a code, then set a new password with it.

import { cognitoErrorCode } from "@dwipper/site/cognito-answers";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, Suspense, useState } from "react";
import { describeAuthError, isUnconfirmedResetRefusal } from "@/auth/auth-errors";
import { confirmNewPassword, forgotPassword } from "@/auth/cognito";
import {
  AuthCard,
  EmailField,
  Field,
  FormNotice,
  NewPasswordField,
  passwordRefusal,
  SubmitButton,
  useFormAction,
} from "@/components/form-controls";

function ForgotPasswordForm() {
  const params = useSearchParams();
  const router = useRouter();
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [step, setStep] = useState<"request" | "reset">("request");
  const [unconfirmed, setUnconfirmed] = useState(false);
  const { busy, notice, setNotice, run } = useFormAction();

  function requestCode(event: FormEvent) {
    event.preventDefault();
    setUnconfirmed(false);
    if (!email.trim()) {
      setNotice({ kind: "error", text: "Enter the email you signed up with." });
      return;
    }
    run(
      async () => {
        try {
          await forgotPassword(email.trim());
        } catch (error) {
          if (isUnconfirmedResetRefusal(error)) setUnconfirmed(true);
          // An unknown email is answered as if it were known, so nobody learns who has an account.
          if (cognitoErrorCode(error) !== "UserNotFoundException") throw error;
        }
        setStep("reset");
        setNotice({
          kind: "success",
          text: "If an account uses that email, we sent it a code. Enter it below.",
        });
      },
      (error) => describeAuthError("forgot-password", error),
    );
  }

  function reset(event: FormEvent) {
    event.preventDefault();
    const refusal = passwordRefusal(password);
    if (refusal) {
      setNotice({ kind: "error", text: refusal });
      return;
    }
    run(
      async () => {
        await confirmNewPassword(email.trim(), code.trim(), password);
        router.push(`/login/?email=${encodeURIComponent(email.trim())}&reset=1`);
      },
      (error) => describeAuthError("reset-password", error),
    );
  }

  return (
    <AuthCard title="Reset your password">
      {step === "request" ? (
        <form onSubmit={requestCode} className="flex flex-col gap-4" noValidate>
          <EmailField value={email} onValue={setEmail} />
          <FormNotice notice={notice} />
          {unconfirmed && (
            <Link
              href={`/confirm/?email=${encodeURIComponent(email.trim())}`}
              className="text-sm text-sky-700 underline dark:text-sky-400"
            >
              Confirm your email
            </Link>
          )}
          <SubmitButton busy={busy}>Send code</SubmitButton>
        </form>
      ) : (
        <form onSubmit={reset} className="flex flex-col gap-4" noValidate>
          <p className="text-sm">
            Resetting the password for <strong>{email.trim()}</strong>.
          </p>
          <Field
            label="Code"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            value={code}
            onValue={setCode}
          />
          <NewPasswordField label="New password" value={password} onValue={setPassword} />
          <FormNotice notice={notice} />
          <SubmitButton busy={busy}>Reset password</SubmitButton>
          <button
            type="button"
            className="text-sm text-sky-700 underline dark:text-sky-400"
            onClick={() => {
              setStep("request");
              setNotice(null);
            }}
          >
            Use another email or get a new code
          </button>
        </form>
      )}
      <p className="mt-4 text-sm">
        <Link href="/login/" className="text-sky-700 underline dark:text-sky-400">
          Back to sign in
        </Link>
      </p>
    </AuthCard>
  );
}

export default function ForgotPasswordPage() {
  return (
    <Suspense>
      <ForgotPasswordForm />
    </Suspense>
  );
}

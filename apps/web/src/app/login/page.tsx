"use client";
// Sign in with email and password, then go back where the person was headed.

import { cognitoErrorCode } from "@dwipper/site/cognito-answers";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, Suspense, useState } from "react";
import { safeNext, useAuth } from "@/auth/auth-context";
import { describeAuthError } from "@/auth/auth-errors";
import { resendConfirmationCode } from "@/auth/cognito";
import {
  AuthCard,
  EmailField,
  Field,
  FormNotice,
  type Notice,
  SubmitButton,
  useFormAction,
} from "@/components/form-controls";

/** What brought the person here, said in words. */
function arrivalNotice(params: URLSearchParams): Notice {
  if (params.get("confirmed")) {
    return { kind: "success", text: "Your email is confirmed. Sign in to start." };
  }
  if (params.get("reset")) {
    return { kind: "success", text: "Your password is reset. Sign in with the new one." };
  }
  if (params.get("expired")) {
    return { kind: "error", text: "Your session ended. Sign in again to go on." };
  }
  return null;
}

function LoginForm() {
  const params = useSearchParams();
  const router = useRouter();
  const { signIn } = useAuth();
  const next = safeNext(params.get("next"));
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [password, setPassword] = useState("");
  const { busy, notice, run } = useFormAction(arrivalNotice(params));

  function submit(event: FormEvent) {
    event.preventDefault();
    run(
      async () => {
        try {
          await signIn(email.trim(), password);
        } catch (error) {
          if (cognitoErrorCode(error) !== "UserNotConfirmedException") throw error;
          // Not confirmed yet: send a fresh code and take them to enter it.
          await resendConfirmationCode(email.trim());
          router.push(`/confirm/?email=${encodeURIComponent(email.trim())}&sent=1`);
          return;
        }
        router.replace(next);
      },
      (error) => describeAuthError("sign-in", error),
    );
  }

  return (
    <AuthCard title="Sign in to Dwipper">
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <EmailField value={email} onValue={setEmail} />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onValue={setPassword}
        />
        <FormNotice notice={notice} />
        <SubmitButton busy={busy}>{busy ? "Signing in…" : "Sign in"}</SubmitButton>
      </form>
      <div className="mt-4 flex justify-between text-sm">
        <Link href="/forgot-password/" className="text-sky-700 underline dark:text-sky-400">
          Forgot password?
        </Link>
        <Link href="/register/" className="text-sky-700 underline dark:text-sky-400">
          Create an account
        </Link>
      </div>
    </AuthCard>
  );
}

export default function LoginPage() {
  return (
    <Suspense>
      <LoginForm />
    </Suspense>
  );
}

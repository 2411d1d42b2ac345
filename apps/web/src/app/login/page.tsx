"use client";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, Suspense, useState } from "react";
import { safeNext, useAuth } from "@/auth/auth-context";
import { authErrorCode, describeAuthError } from "@/auth/auth-errors";
import {
  AuthCard,
  EmailField,
  Field,
  FormNotice,
  SubmitButton,
  useFormAction,
} from "@/components/form-controls";

function LoginForm() {
  const params = useSearchParams();
  const router = useRouter();
  const { signIn } = useAuth();
  const next = safeNext(params.get("next"));
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [password, setPassword] = useState("");
  const { busy, notice, run } = useFormAction(
    params.get("confirmed")
      ? { kind: "success", text: "Your email is confirmed. Sign in to start." }
      : null,
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    run(
      async () => {
        try {
          await signIn(email.trim(), password);
        } catch (error) {
          if (authErrorCode(error) !== "UserNotConfirmedException") throw error;
          router.push(`/confirm/?email=${encodeURIComponent(email.trim())}`);
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

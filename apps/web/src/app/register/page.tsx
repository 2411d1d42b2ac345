"use client";
// Register: email, the name people will see, and a password the pool's policy accepts.

import { NAME_MAX_LENGTH, nameProblem, normalizeName } from "@dwipper/core/person-name";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { describeAuthError } from "@/auth/auth-errors";
import { signUp } from "@/auth/cognito";
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

export default function RegisterPage() {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const { busy, notice, setNotice, run } = useFormAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmedEmail = email.trim();
    const trimmedName = normalizeName(name);
    const refusal = !/^[^\s@]+@[^\s@]+$/.test(trimmedEmail)
      ? "Enter your email address."
      : (nameProblem(trimmedName) ?? passwordRefusal(password));
    if (refusal) {
      setNotice({ kind: "error", text: refusal });
      return;
    }
    run(
      async () => {
        await signUp(trimmedEmail, trimmedName, password);
        router.push(`/confirm/?email=${encodeURIComponent(trimmedEmail)}&sent=1`);
      },
      (error) => describeAuthError("sign-up", error),
    );
  }

  return (
    <AuthCard title="Create your account">
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <EmailField value={email} onValue={setEmail} />
        <Field
          label="Name"
          autoComplete="name"
          required
          maxLength={NAME_MAX_LENGTH}
          value={name}
          onValue={setName}
        />
        <NewPasswordField value={password} onValue={setPassword} />
        <FormNotice notice={notice} />
        <SubmitButton busy={busy}>{busy ? "Creating account…" : "Create account"}</SubmitButton>
      </form>
      <p className="mt-4 text-sm">
        Already have an account?{" "}
        <Link href="/login/" className="text-sky-700 underline dark:text-sky-400">
          Sign in
        </Link>
      </p>
    </AuthCard>
  );
}

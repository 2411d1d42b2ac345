"use client";
import { passwordPolicyText, passwordProblems } from "@dwipper/core/password-policy";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { describeAuthError } from "@/auth/auth-errors";
import { signUp } from "@/auth/cognito";
import { AuthCard, Field, FormNotice, type Notice, SubmitButton } from "@/components/form-controls";

export default function RegisterPage() {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmedEmail = email.trim();
    const trimmedName = name.trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(trimmedEmail)) {
      setNotice({ kind: "error", text: "Enter your email address." });
      return;
    }
    if (!trimmedName) {
      setNotice({ kind: "error", text: "Enter the name people will see on your Dwipps." });
      return;
    }
    const problems = passwordProblems(password);
    if (problems.length > 0) {
      setNotice({ kind: "error", text: `Your password needs ${problems.join(", ")}.` });
      return;
    }
    setBusy(true);
    setNotice(null);
    try {
      await signUp(trimmedEmail, trimmedName, password);
      router.push(`/confirm/?email=${encodeURIComponent(trimmedEmail)}&sent=1`);
    } catch (error) {
      setNotice({ kind: "error", text: describeAuthError("sign-up", error) });
      setBusy(false);
    }
  }

  return (
    <AuthCard title="Create your account">
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
          label="Name"
          autoComplete="name"
          required
          maxLength={80}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          hint={passwordPolicyText}
        />
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

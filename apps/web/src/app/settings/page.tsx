"use client";
// Change the password of the signed-in account.
import { type FormEvent, useState } from "react";
import { RequireAuth } from "@/auth/auth-context";
import { describeAuthError } from "@/auth/auth-errors";
import { changePassword } from "@/auth/cognito";
import {
  AuthCard,
  Field,
  FormNotice,
  NewPasswordField,
  passwordRefusal,
  SubmitButton,
  useFormAction,
} from "@/components/form-controls";

function ChangePasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const { busy, notice, setNotice, run } = useFormAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    const refusal = !current ? "Enter your current password." : passwordRefusal(next);
    if (refusal) {
      setNotice({ kind: "error", text: refusal });
      return;
    }
    run(
      async () => {
        await changePassword(current, next);
        setCurrent("");
        setNext("");
        setNotice({
          kind: "success",
          text: "Your password is changed. Use the new one from now on.",
        });
      },
      (error) => describeAuthError("change-password", error),
    );
  }

  return (
    <AuthCard title="Settings">
      <h2 className="mb-3 font-semibold">Change password</h2>
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <Field
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onValue={setCurrent}
        />
        <NewPasswordField label="New password" value={next} onValue={setNext} />
        <FormNotice notice={notice} />
        <SubmitButton busy={busy}>Change password</SubmitButton>
      </form>
    </AuthCard>
  );
}

export default function SettingsPage() {
  return (
    <RequireAuth>
      <ChangePasswordForm />
    </RequireAuth>
  );
}

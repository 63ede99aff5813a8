"use client";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Field, SubmitButton } from "@/components/field";
import { api, ApiError } from "@/components/api";

// One form whoever opens the link: it does not say whether the address already has an account.
export function AcceptInviteForm(props: { token: string; email: string; role: string; orgName: string }) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const body: Record<string, string> = { token: props.token, ...(Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>) };
    setBusy(true);
    try {
      const r = await api<{ email: string; orgSlug: string }>("/api/invitations/accept", { body });
      await signIn("credentials", { email: r.email, password: body.password, redirect: false });
      window.location.href = `/${r.orgSlug}/overview`;
    } catch (err) {
      setErrors(err instanceof ApiError ? { ...err.fieldErrors(), form: err.message } : { form: "Could not reach the server." });
      setBusy(false);
    }
  }
  return (
    <form onSubmit={onSubmit} noValidate className="bg-white rounded-lg shadow p-6">
      <h1 className="text-lg font-medium mb-2">Join {props.orgName}</h1>
      <p className="text-sm text-gray-600 mb-4">as {props.role}, signing in as {props.email}</p>
      <Field label="Your name (for a new account)" name="name" />
      <Field label="Password: your current one if you already use Breakeven, else choose one (10+ characters)" name="password" type="password" error={errors.password} />
      {errors.form && !errors.password ? <p role="alert" className="text-red-600 text-sm mb-3">{errors.form}</p> : null}
      <SubmitButton busy={busy}>Accept invitation</SubmitButton>
    </form>
  );
}

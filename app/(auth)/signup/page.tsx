"use client";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Field, SubmitButton } from "@/components/field";
import { api, ApiError } from "@/components/api";

export default function SignUpPage() {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const body = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const res = await api<{ orgSlug?: string; message?: string }>("/api/signup", { body });
      if (!res.orgSlug) {
        // a mail server is configured: the account is created from the link in the email
        setDone(res.message ?? "Check your email to finish signing up.");
        setBusy(false);
        return;
      }
      const orgSlug = res.orgSlug;
      await signIn("credentials", { email: body.email, password: body.password, redirect: false });
      window.location.href = `/${orgSlug}/overview`;
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.fieldErrors());
        setMessage(err.message);
      } else setMessage("Could not reach the server.");
      setBusy(false);
    }
  }

  if (done) {
    return (
      <div className="bg-white rounded-lg shadow p-6">
        <h1 className="text-lg font-medium mb-4">Check your email</h1>
        <p role="status" className="text-sm">{done}</p>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="bg-white rounded-lg shadow p-6">
      <h1 className="text-lg font-medium mb-4">Create your account</h1>
      <Field label="Your name" name="name" autoComplete="name" error={errors.name} />
      <Field label="Work email" name="email" type="email" autoComplete="email" error={errors.email} />
      <Field label="Password (10+ characters)" name="password" type="password" autoComplete="new-password" error={errors.password} />
      <Field label="Company or team" name="orgName" error={errors.orgName} />
      {message && !Object.keys(errors).length ? <p role="alert" className="text-red-600 text-sm mb-3">{message}</p> : null}
      <SubmitButton busy={busy}>Create account</SubmitButton>
      <p className="text-sm mt-4">Already have an account? <Link href="/signin" className="text-blue-700 underline">Sign in</Link></p>
    </form>
  );
}

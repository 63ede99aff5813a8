"use client";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Field, SubmitButton } from "@/components/field";

export function SignInForm({ magicLink, checkEmail, signedUp = false, error, limited }: { magicLink: boolean; checkEmail: boolean; signedUp?: boolean; error?: string; limited?: string }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(limited && /^Too many/.test(limited) ? limited : error ? "Sign-in failed. Check your email and password." : null);

  // next-auth's CSRF token is fetched while the page is shown, so pressing "Sign in" costs one request
  // (the credentials callback) instead of next-auth/react's three (providers, CSRF, callback): under
  // load each round trip through a busy server was seconds (bench/signin.ts).
  const csrf = useRef<Promise<string> | null>(null);
  const csrfToken = () => (csrf.current ??= fetch("/api/auth/csrf").then((r) => r.json() as Promise<{ csrfToken: string }>).then((j) => j.csrfToken));
  useEffect(() => {
    csrfToken().catch(() => (csrf.current = null));
  }, []);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setMessage(null);
    try {
      const body = new URLSearchParams({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? ""), csrfToken: await csrfToken(), callbackUrl: "/", json: "true" });
      const res = await fetch("/api/auth/callback/credentials", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
      const url = ((await res.json().catch(() => ({}))) as { url?: string }).url ?? "";
      const error = url ? new URL(url, window.location.href).searchParams.get("error") : "sign-in failed";
      if (res.ok && !error) return window.location.assign("/");
      csrf.current = null; // a refused token (expired cookie) is fetched again for the next try
      // The attempt limit's own words ("Too many sign-in attempts. Try again in 12 minutes.").
      setMessage(error && /^Too many/.test(error) ? error : "Wrong email or password.");
    } catch {
      csrf.current = null;
      setMessage("Sign-in failed: the server did not answer. Try again.");
    }
    setBusy(false);
  }

  async function sendLink(e: FormEvent<HTMLButtonElement>) {
    const email = (e.currentTarget.form?.elements.namedItem("email") as HTMLInputElement | null)?.value;
    if (!email) return setMessage("Enter your email first.");
    await signIn("email", { email, callbackUrl: "/" });
  }

  if (checkEmail) return <p>Check your inbox: we sent you a sign-in link.</p>;
  return (
    <form onSubmit={onSubmit} className="bg-white rounded-lg shadow p-6">
      <h1 className="text-lg font-medium mb-4">Sign in</h1>
      {signedUp ? <p role="status" className="text-green-700 text-sm mb-3">Your account and organization are ready. Sign in to continue.</p> : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <Field label="Password" name="password" type="password" autoComplete="current-password" />
      {message ? <p role="alert" className="text-red-600 text-sm mb-3">{message}</p> : null}
      <SubmitButton busy={busy}>Sign in</SubmitButton>
      {magicLink ? (
        <button type="button" onClick={sendLink} className="w-full mt-2 text-sm text-blue-700 underline">Email me a sign-in link instead</button>
      ) : null}
      <p className="text-sm mt-4">New here? <Link href="/signup" className="text-blue-700 underline">Create an account</Link></p>
    </form>
  );
}

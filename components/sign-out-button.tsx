"use client";
import { signOut } from "next-auth/react";

export function SignOutButton() {
  return <button className="underline mt-1" onClick={() => signOut({ callbackUrl: "/signin" })}>Sign out</button>;
}

import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";
import { QueryProvider } from "@/components/query-provider";

export const metadata: Metadata = { title: "Breakeven", description: "What you really spend on AI, what self-hosting would cost, and what your vendors are about to change." };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: the CSP nonce (proxy.ts) is new each time, and Next.js can only
  // put it on its scripts while rendering. A prerendered page would carry no nonce and not run.
  await connection();
  return (
    <html lang="en">
      <body>
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  );
}

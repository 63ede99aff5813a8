import type { Metadata } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";
import { QueryProvider } from "@/components/query-provider";
import { THEME_SCRIPT } from "@/lib/ui/theme";

export const metadata: Metadata = { title: "Breakeven", description: "What you really spend on AI, what self-hosting would cost, and what your vendors are about to change." };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: the CSP nonce (proxy.ts) is new each time, and Next.js can only
  // put it on its scripts while rendering. A prerendered page would carry no nonce and not run.
  await connection();
  // The theme is set before the body paints (no light flash in dark mode); the script carries the
  // request's nonce, as the CSP (proxy.ts) allows no other inline script. The class it sets on
  // <html> is not in the server's markup, hence suppressHydrationWarning.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  );
}

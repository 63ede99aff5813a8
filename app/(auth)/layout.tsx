import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="min-h-screen flex items-center justify-center p-6">
      <div className="w-full max-w-sm">
        <p className="text-2xl font-semibold mb-6">Breakeven</p>
        {children}
      </div>
    </main>
  );
}

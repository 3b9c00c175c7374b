import type { ReactNode } from 'react';

/**
 * A whole-page message in the dashboard's look — the 404 and the error pages: the PayOS mark, a big
 * code ("404"), what happened in plain words, and the ways out (`actions`: buttons and links).
 * `framed` is false inside the signed-in shell (it already has the sidebar and header).
 */
export function StatusPage({
  code,
  title,
  children,
  actions,
  framed = true,
}: {
  code: string;
  title: string;
  children: ReactNode;
  actions: ReactNode;
  framed?: boolean;
}) {
  const body = (
    <div className="w-full max-w-md text-center">
      {framed ? (
        <p className="mb-8 text-xl font-semibold tracking-tight">
          Pay<span className="text-primary">OS</span>
        </p>
      ) : null}
      <p className="tabular text-6xl font-semibold tracking-tight text-primary" aria-hidden>
        {code}
      </p>
      <h1 className="mt-4 text-xl font-semibold">{title}</h1>
      <div className="mt-2 text-sm text-muted-foreground">{children}</div>
      <div className="mt-6 flex flex-wrap items-center justify-center gap-2">{actions}</div>
    </div>
  );
  return framed ? (
    <main className="flex min-h-screen items-center justify-center bg-muted/40 p-4">{body}</main>
  ) : (
    <div className="flex min-h-[60vh] items-center justify-center p-4">{body}</div>
  );
}

'use client';

import { Button, Card, CardContent, Field, Input } from '@payos/ui';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiStarting } from '@/components/api-starting';
import { API_START_MAX_WAIT_MS, API_START_POLL_MS, isApiStarting, useIsApiReady } from '@/lib/api-status';
import { safeNext } from '@/lib/navigation';
import { SessionError } from '@/lib/session';

type FieldSpec = { name: string; label: string; type?: string; autoComplete?: string; hint?: string };

/**
 * One form for login, signup and accept-invite: submits, shows the API's message (on the field it
 * names, when it names one), then continues to `?next=`. While the API is still starting it says so
 * and submits again by itself once a second: `api_starting` means the connection was refused, so
 * nothing reached the API and a repeat cannot sign up twice.
 */
export function AuthForm({
  title,
  fields,
  submitLabel,
  onSubmit,
  footer,
}: {
  title: string;
  fields: FieldSpec[];
  submitLabel: string;
  onSubmit: (values: Record<string, string>) => Promise<void>;
  footer?: ReactNode;
}) {
  const router = useRouter();
  const params = useSearchParams();
  const t = useTranslations('auth');
  const te = useTranslations('errors');
  const tc = useTranslations('common');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; param?: string } | null>(null);
  const [isWaitingForApi, setIsWaitingForApi] = useState(false);
  const isApiReady = useIsApiReady();

  async function submitOnceReady(values: Record<string, string>) {
    for (let waitedMs = 0; ; waitedMs += API_START_POLL_MS) {
      try {
        return await onSubmit(values);
      } catch (e) {
        if (!isApiStarting(e) || waitedMs >= API_START_MAX_WAIT_MS) throw e;
        setIsWaitingForApi(true);
        await new Promise((resolve) => setTimeout(resolve, API_START_POLL_MS));
      }
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    setPending(true);
    setError(null);
    try {
      await submitOnceReady(values);
      router.replace(safeNext(params.get('next'), window.location.origin));
    } catch (e) {
      setError(e instanceof SessionError ? { message: refusalMessage(e), param: e.param } : { message: tc('couldNotReach') });
      setPending(false);
    } finally {
      setIsWaitingForApi(false);
    }
  }

  /** The API's refusal in the page's language where we know its code; else its own words. */
  function refusalMessage(e: SessionError): string {
    if (e.code === 'parameter_missing') return te('required');
    if (e.code === 'invalid_credentials' || e.code === 'login_locked' || e.code === 'email_taken' || e.code === 'invite_invalid') {
      return t(`refusal.${e.code}`);
    }
    return e.message;
  }

  return (
    <Card>
      <CardContent className="grid gap-4 p-6">
        <h1 className="text-lg font-semibold">{title}</h1>
        {isWaitingForApi || !isApiReady ? <ApiStarting /> : null}
        <form onSubmit={submit} className="grid gap-4" noValidate>
          {fields.map((f) => (
            <Field key={f.name} id={f.name} label={f.label} hint={f.hint} error={error?.param === f.name ? error.message : undefined}>
              <Input
                id={f.name}
                name={f.name}
                type={f.type ?? 'text'}
                autoComplete={f.autoComplete}
                required
                aria-invalid={error?.param === f.name || undefined}
                defaultValue={f.name === 'inviteToken' ? (params.get('token') ?? undefined) : undefined}
              />
            </Field>
          ))}
          {error && !fields.some((f) => f.name === error.param) ? (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
              {error.message}
            </p>
          ) : null}
          <Button type="submit" disabled={pending}>
            {pending ? t('pleaseWait') : submitLabel}
          </Button>
        </form>
        {footer ? <div className="text-center text-sm text-muted-foreground">{footer}</div> : null}
      </CardContent>
    </Card>
  );
}

export const AuthLink = ({ href, children }: { href: string; children: ReactNode }) => (
  <Link href={href} className="font-medium text-primary underline-offset-4 hover:underline">
    {children}
  </Link>
);

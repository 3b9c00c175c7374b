'use client';

import { createApiKeyBodySchema } from '@payos/contracts';
import {
  Badge,
  Button,
  Card,
  Dialog,
  DialogActions,
  EmptyState,
  Field,
  Input,
  Select,
  Table,
  TableSkeleton,
  TBody,
  Td,
  THead,
  Th,
  Tr,
} from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { ConfirmAction } from '@/components/confirm-action';
import { QueryView } from '@/components/query-view';
import { SecretReveal } from '@/components/secret-reveal';
import { apiKeysQuery, useApiKeyMutations } from '@/features/settings/queries';
import { dateTime } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { useCanWrite } from '@/lib/session';
import { toast } from '@/lib/toast';

const STATUS_TONE = { active: 'green', grace_period: 'amber', expired: 'neutral', revoked: 'red' } as const;

export default function ApiKeysPage() {
  const keys = useQuery(apiKeysQuery());
  const { create, rotate, revoke } = useApiKeyMutations();
  const [creating, setCreating] = useState(false);
  const canWrite = useCanWrite();
  const [revealed, setRevealed] = useState<{ title: string; key: string } | null>(null);
  const [nameError, setNameError] = useState<string | undefined>();

  function startCreating() {
    setNameError(undefined);
    setCreating(true);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    // The contract's request schema, as the API applies it: a name of 1–100 characters, test or live.
    const parsed = createApiKeyBodySchema.safeParse({ name: form.name ?? '', environment: form.environment ?? 'test' });
    if (!parsed.success) {
      setNameError(parsed.error.issues[0]?.path[0] === 'name' ? 'Give the key a name of 1–100 characters.' : 'Choose test or live.');
      return;
    }
    setNameError(undefined);
    create.mutate(parsed.data, {
      onSuccess: (key) => {
        setCreating(false);
        setRevealed({ title: `API key “${key.name}” created`, key: key.key });
      },
      onError: (e) => toast(errorMessage(e), 'error'),
    });
  }

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">API keys</h1>
          <p className="text-sm text-muted-foreground">Keys let your servers call PayOS. Each belongs to one environment.</p>
        </div>
        {canWrite ? (
          <Button onClick={startCreating}>
            <Plus className="h-4 w-4" /> Create key
          </Button>
        ) : null}
      </div>
      <Card>
        <QueryView query={keys} loading={<TableSkeleton rows={3} />}>
          {(list) =>
            list.data.length === 0 ? (
              <EmptyState
                title="No API keys"
                description="Create a key for your backend."
                action={<Button onClick={startCreating}>Create key</Button>}
              />
            ) : (
              <Table stacked hasAmount={false}>
                <THead>
                  <Tr>
                    <Th>Name</Th>
                    <Th>Key</Th>
                    <Th>Environment</Th>
                    <Th>Status</Th>
                    <Th>Last used</Th>
                    <Th className="text-right">Actions</Th>
                  </Tr>
                </THead>
                <TBody>
                  {list.data.map((k) => (
                    <Tr key={k.id}>
                      <Td mobile="primary" className="font-medium">
                        {k.name}
                      </Td>
                      <Td>
                        <code className="text-xs">{k.prefix}…</code>
                      </Td>
                      <Td>
                        <Badge tone={k.environment === 'live' ? 'green' : 'amber'}>{k.environment}</Badge>
                      </Td>
                      <Td mobile="status">
                        <Badge tone={STATUS_TONE[k.status]}>{k.status.replace('_', ' ')}</Badge>
                        {k.expiresAt && k.status === 'grace_period' ? (
                          <span className="block text-xs text-muted-foreground">until {dateTime(k.expiresAt)}</span>
                        ) : null}
                      </Td>
                      <Td className="text-muted-foreground">{k.lastUsedAt ? dateTime(k.lastUsedAt) : 'never'}</Td>
                      <Td mobile="end" className="text-right whitespace-nowrap">
                        {k.status === 'active' && canWrite ? (
                          <>
                            <ConfirmAction
                              title={`Rotate “${k.name}”?`}
                              description={`A new ${k.environment} key replaces ${k.prefix}…, shown once. The old key keeps working for 24 hours, then stops: update your servers before then.`}
                              confirmLabel="Rotate key"
                              busyLabel="Rotating…"
                              onConfirm={() => rotate.mutateAsync(k.id)}
                              onSuccess={(next) => setRevealed({ title: `New key for “${next.name}”`, key: next.key })}
                              trigger={(open) => (
                                <Button variant="ghost" size="sm" disabled={rotate.isPending} onClick={open}>
                                  Rotate
                                </Button>
                              )}
                            />
                            <ConfirmAction
                              title={`Revoke “${k.name}”?`}
                              description={`Calls with ${k.prefix}… (${k.environment}) fail within a second, and it cannot be turned back on. Anything still using it stops working.`}
                              confirmLabel="Revoke key"
                              busyLabel="Revoking…"
                              onConfirm={() => revoke.mutateAsync(k.id)}
                              success={`Key “${k.name}” revoked.`}
                              trigger={(open) => (
                                <Button
                                  variant="ghost"
                                  size="sm"
                                  className="text-red-600 dark:text-red-400"
                                  disabled={revoke.isPending}
                                  onClick={open}
                                >
                                  Revoke
                                </Button>
                              )}
                            />
                          </>
                        ) : null}
                      </Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
            )
          }
        </QueryView>
      </Card>
      <Dialog open={creating} onOpenChange={setCreating} title="Create API key">
        <form className="grid gap-4" onSubmit={submit}>
          <Field id="key-name" label="Name" hint="What uses it, such as “Payroll backend”." error={nameError}>
            <Input id="key-name" name="name" required autoFocus maxLength={100} aria-invalid={Boolean(nameError) || undefined} />
          </Field>
          <Field id="key-environment" label="Environment">
            <Select id="key-environment" name="environment" defaultValue="test">
              <option value="test">Test</option>
              <option value="live">Live</option>
            </Select>
          </Field>
          <DialogActions onCancel={() => setCreating(false)} label="Create key" busyLabel="Creating…" busy={create.isPending} />
        </form>
      </Dialog>
      <Dialog open={Boolean(revealed)} onOpenChange={(o) => !o && setRevealed(null)} title={revealed?.title ?? 'API key'}>
        {revealed ? <SecretReveal label="Your secret key" value={revealed.key} /> : null}
        <div className="flex justify-end">
          <Button onClick={() => setRevealed(null)}>I have stored it</Button>
        </div>
      </Dialog>
    </div>
  );
}

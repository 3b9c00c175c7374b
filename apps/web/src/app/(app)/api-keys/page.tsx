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
import { useTranslations } from 'next-intl';
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
  const t = useTranslations('apiKeys.page');

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
      setNameError(parsed.error.issues[0]?.path[0] === 'name' ? t('nameError') : t('envError'));
      return;
    }
    setNameError(undefined);
    create.mutate(parsed.data, {
      onSuccess: (key) => {
        setCreating(false);
        setRevealed({ title: t('created', { name: key.name }), key: key.key });
      },
      onError: (e) => toast(errorMessage(e), 'error'),
    });
  }

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">{t('title')}</h1>
          <p className="text-sm text-muted-foreground">{t('subtitle')}</p>
        </div>
        {canWrite ? (
          <Button onClick={startCreating}>
            <Plus className="h-4 w-4" /> {t('createKey')}
          </Button>
        ) : null}
      </div>
      <Card>
        <QueryView query={keys} loading={<TableSkeleton rows={3} />}>
          {(list) =>
            list.data.length === 0 ? (
              <EmptyState
                title={t('empty')}
                description={t('emptyHint')}
                action={<Button onClick={startCreating}>{t('createKey')}</Button>}
              />
            ) : (
              <Table stacked hasAmount={false}>
                <THead>
                  <Tr>
                    <Th>{t('name')}</Th>
                    <Th>{t('key')}</Th>
                    <Th>{t('environment')}</Th>
                    <Th>{t('status')}</Th>
                    <Th>{t('lastUsed')}</Th>
                    <Th className="text-right">{t('actions')}</Th>
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
                        <Badge tone={k.environment === 'live' ? 'green' : 'amber'}>{t('env', { env: k.environment })}</Badge>
                      </Td>
                      <Td mobile="status">
                        <Badge tone={STATUS_TONE[k.status]}>{t(`statuses.${k.status}`)}</Badge>
                        {k.expiresAt && k.status === 'grace_period' ? (
                          <span className="block text-xs text-muted-foreground">{t('until', { at: dateTime(k.expiresAt) })}</span>
                        ) : null}
                      </Td>
                      <Td className="text-muted-foreground">{k.lastUsedAt ? dateTime(k.lastUsedAt) : t('never')}</Td>
                      <Td mobile="end" className="text-right whitespace-nowrap">
                        {k.status === 'active' && canWrite ? (
                          <>
                            <ConfirmAction
                              title={t('rotateTitle', { name: k.name })}
                              description={t('rotateDescription', { env: k.environment, prefix: k.prefix })}
                              confirmLabel={t('rotateKey')}
                              busyLabel={t('rotating')}
                              onConfirm={() => rotate.mutateAsync(k.id)}
                              onSuccess={(next) => setRevealed({ title: t('newKey', { name: next.name }), key: next.key })}
                              trigger={(open) => (
                                <Button variant="ghost" size="sm" disabled={rotate.isPending} onClick={open}>
                                  {t('rotate')}
                                </Button>
                              )}
                            />
                            <ConfirmAction
                              title={t('revokeTitle', { name: k.name })}
                              description={t('revokeDescription', { env: k.environment, prefix: k.prefix })}
                              confirmLabel={t('revokeKey')}
                              busyLabel={t('revoking')}
                              onConfirm={() => revoke.mutateAsync(k.id)}
                              success={t('revoked', { name: k.name })}
                              trigger={(open) => (
                                <Button
                                  variant="ghost"
                                  size="sm"
                                  className="text-red-600 dark:text-red-400"
                                  disabled={revoke.isPending}
                                  onClick={open}
                                >
                                  {t('revoke')}
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
      <Dialog open={creating} onOpenChange={setCreating} title={t('createTitle')}>
        <form className="grid gap-4" onSubmit={submit}>
          <Field id="key-name" label={t('name')} hint={t('nameHint')} error={nameError}>
            <Input id="key-name" name="name" required autoFocus maxLength={100} aria-invalid={Boolean(nameError) || undefined} />
          </Field>
          <Field id="key-environment" label={t('environment')}>
            <Select id="key-environment" name="environment" defaultValue="test">
              <option value="test">{t('test')}</option>
              <option value="live">{t('live')}</option>
            </Select>
          </Field>
          <DialogActions onCancel={() => setCreating(false)} label={t('createKey')} busyLabel={t('creating')} busy={create.isPending} />
        </form>
      </Dialog>
      <Dialog open={Boolean(revealed)} onOpenChange={(o) => !o && setRevealed(null)} title={revealed?.title ?? t('apiKey')}>
        {revealed ? <SecretReveal label={t('secretKey')} value={revealed.key} /> : null}
        <div className="flex justify-end">
          <Button onClick={() => setRevealed(null)}>{t('stored')}</Button>
        </div>
      </Dialog>
    </div>
  );
}

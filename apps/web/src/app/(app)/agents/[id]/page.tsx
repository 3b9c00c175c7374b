'use client';

import { type Agent, type AgentLimitRow, type AgentPermission, agentActivityQuerySchema, updateAgentBodySchema } from '@payos/contracts';
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  Dialog,
  EmptyState,
  Field,
  Input,
  Select,
  Skeleton,
  TableSkeleton,
} from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { ConfirmAction } from '@/components/confirm-action';
import { QueryError, QueryView } from '@/components/query-view';
import { SecretReveal } from '@/components/secret-reveal';
import { accountQuery, toTier, VERIFICATION_TIERS } from '@/features/accounts/queries';
import { AgentStatusBadge } from '@/features/agents/agent-table';
import { AGENT_PERMISSIONS, agentActivityQuery, agentLimitsQuery, agentQuery, useAgentMutations } from '@/features/agents/queries';
import { useEnvironment } from '@/lib/environment';
import { dateTime, money } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { useCanWrite } from '@/lib/session';
import { toast } from '@/lib/toast';
import { useUrlState } from '@/lib/use-url-state';
import { doneMessage } from '@/lib/verbs';

function UsageBar({ label, testId, row }: { label: string; testId: string; row: AgentLimitRow }) {
  const t = useTranslations('agents.detail');
  const effective = Number.parseFloat(row.effective);
  const used = Number.parseFloat(row.used ?? '0');
  const share = effective > 0 ? Math.min(100, (used / effective) * 100) : 100;
  return (
    <div className="grid gap-1" data-testid={`usage-${testId}`}>
      <div className="flex justify-between text-sm">
        <span className="font-medium">{label}</span>
        <span className="tabular text-muted-foreground">
          {row.used !== undefined
            ? t('usedOf', { used: money(row.used), effective: money(row.effective) })
            : t('effective', { effective: money(row.effective) })}
        </span>
      </div>
      {row.used !== undefined ? (
        <div
          className="h-2 overflow-hidden rounded-full bg-muted"
          role="progressbar"
          aria-label={t('usage', { label })}
          aria-valuemin={0}
          aria-valuemax={effective}
          aria-valuenow={used}
        >
          <div
            className={`h-full ${share >= 90 ? 'bg-red-500' : share >= 70 ? 'bg-amber-500' : 'bg-primary'}`}
            style={{ width: `${share}%` }}
          />
        </div>
      ) : null}
      <p className="text-xs text-muted-foreground">
        {t('cappedBy', {
          by: row.cappedBy,
          kya: money(row.kyaTier),
          own: row.agent ? money(row.agent) : '—',
          account: money(row.accountTier),
        })}
      </p>
    </div>
  );
}

function PermissionsEditor({ agent, canWrite }: { agent: Agent; canWrite: boolean }) {
  const env = useEnvironment();
  const { update } = useAgentMutations(env);
  const t = useTranslations('agents.detail');
  const tp = useTranslations('agents.permission');
  const [selected, setSelected] = useState<AgentPermission[]>(agent.permissions);
  const dirty = selected.slice().sort().join() !== agent.permissions.slice().sort().join();
  return (
    <fieldset className="grid gap-2" disabled={!canWrite}>
      <legend className="mb-1 text-sm font-medium">{t('permissions')}</legend>
      {AGENT_PERMISSIONS.map((p) => (
        <label key={p.value} className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="h-4 w-4 accent-[var(--primary)]"
            checked={selected.includes(p.value)}
            onChange={(e) => setSelected((s) => (e.target.checked ? [...s, p.value] : s.filter((x) => x !== p.value)))}
          />
          <code className="text-xs">{p.value}</code> <span className="text-muted-foreground">{tp(p.label)}</span>
        </label>
      ))}
      {canWrite ? (
        <div>
          <Button
            size="sm"
            disabled={!dirty || update.isPending}
            onClick={() =>
              update.mutate(
                { id: agent.id, body: { permissions: selected } },
                { onSuccess: () => toast(t('permissionsSaved'), 'success'), onError: (e) => toast(errorMessage(e), 'error') },
              )
            }
          >
            {t('savePermissions')}
          </Button>
        </div>
      ) : null}
    </fieldset>
  );
}

function LimitsEditor({ agent }: { agent: Agent }) {
  const env = useEnvironment();
  const { update } = useAgentMutations(env);
  const t = useTranslations('agents.detail');
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const limits = Object.fromEntries(['perTransaction', 'daily', 'monthly'].map((k) => [k, form[k]?.trim() ? form[k].trim() : null]));
    // The API's own request schema: a malformed limit is refused here, naming the field.
    const checked = updateAgentBodySchema.safeParse({ limits });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      toast(t('invalidLimit', { field: issue?.path.join('.') ?? 'limits', message: issue?.message ?? t('invalid') }), 'error');
      return;
    }
    update.mutate(
      { id: agent.id, body: checked.data },
      { onSuccess: () => toast(t('limitsSaved'), 'success'), onError: (e) => toast(errorMessage(e), 'error') },
    );
  }
  return (
    <form className="grid gap-2" onSubmit={submit}>
      <p className="text-sm font-medium">{t('ownLimits')}</p>
      <div className="grid grid-cols-3 gap-2">
        {(['perTransaction', 'daily', 'monthly'] as const).map((k) => (
          <Field key={k} id={`limit-${k}`} label={t(k)}>
            <Input id={`limit-${k}`} name={k} inputMode="decimal" defaultValue={agent.limits[k] ?? ''} />
          </Field>
        ))}
      </div>
      <div>
        <Button size="sm" type="submit" disabled={update.isPending}>
          {t('saveLimits')}
        </Button>
      </div>
    </form>
  );
}

export default function AgentPage() {
  const { id } = useParams<{ id: string }>();
  const env = useEnvironment();
  const router = useRouter();
  const canWrite = useCanWrite();
  const agent = useQuery(agentQuery(env, id));
  const limits = useQuery(agentLimitsQuery(env, id));
  const [url, setUrl] = useUrlState(['result'] as const);
  const activity = useQuery(agentActivityQuery(env, id, agentActivityQuerySchema.shape.result.safeParse(url.result).data));
  const account = useQuery({ ...accountQuery(env, agent.data?.accountId ?? ''), enabled: Boolean(agent.data) });
  const { action, rotate, remove } = useAgentMutations(env);
  const [tier, setTier] = useState('1');
  const [token, setToken] = useState<string | null>(null);
  const t = useTranslations('agents.detail');
  const ta = useTranslations('agents');

  if (agent.isPending) return <Skeleton className="h-40 w-full" />;
  if (agent.isError) return <QueryError query={agent} notFound={{ title: t('notFound'), backHref: '/agents', backLabel: t('back') }} />;
  const a = agent.data;
  const act = (kind: 'verify' | 'activate') =>
    action.mutate(
      { id: a.id, action: kind, tier: toTier(tier) },
      {
        onSuccess: () => toast(kind === 'verify' ? t('verified', { tier }) : doneMessage('Agent', kind), 'success'),
        onError: (e) => toast(errorMessage(e), 'error'),
      },
    );

  return (
    <div className="grid grid-cols-1 gap-6">
      <div>
        <Link href="/agents" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="h-3 w-3" /> {t('breadcrumb')}
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold">{a.name}</h1>
          <AgentStatusBadge agent={a} />
          {a.suspendedReason === 'account_suspended' ? <Badge tone="red">{t('accountSuspended')}</Badge> : null}
          <Link href={`/events?objectId=${a.id}`} className="ml-auto text-sm text-primary hover:underline">
            {t('events')}
          </Link>
        </div>
        <p className="text-sm text-muted-foreground">
          {t.rich('subtitle', {
            type: ta(`type.${a.type}`),
            name: account.data?.name ?? t('itsAccount'),
            description: a.description ? ` · ${a.description}` : '',
            prefix: a.tokenPrefix,
            kind: (chunks) => <span className="capitalize">{chunks}</span>,
            account: (chunks) => (
              <Link href={`/accounts/${a.accountId}`} className="text-primary underline underline-offset-2">
                {chunks}
              </Link>
            ),
            code: (chunks) => <code className="text-xs">{chunks}</code>,
          })}
        </p>
      </div>

      {canWrite ? (
        <section aria-label={t('actions')} className="flex flex-wrap items-center gap-2">
          <Select aria-label={t('kyaTier')} className="w-28" value={tier} onChange={(e) => setTier(e.target.value)}>
            {VERIFICATION_TIERS.map((v) => (
              <option key={v} value={v}>
                {t('kya', { tier: v })}
              </option>
            ))}
          </Select>
          <Button variant="outline" onClick={() => act('verify')} disabled={action.isPending}>
            {t('verify')}
          </Button>
          {a.status === 'suspended' ? (
            <Button variant="outline" onClick={() => act('activate')} disabled={action.isPending}>
              {t('activate')}
            </Button>
          ) : (
            <ConfirmAction
              title={t('suspendTitle', { name: a.name })}
              description={t('suspendDescription', { name: a.name })}
              confirmLabel={t('suspendAgent')}
              busyLabel={t('suspending')}
              onConfirm={() => action.mutateAsync({ id: a.id, action: 'suspend', tier: toTier(tier) })}
              success={doneMessage('Agent', 'suspend')}
              trigger={(open) => (
                <Button variant="outline" onClick={open} disabled={action.isPending}>
                  {t('suspend')}
                </Button>
              )}
            />
          )}
          <ConfirmAction
            title={t('rotateTitle', { name: a.name })}
            description={t('rotateDescription', { prefix: a.tokenPrefix })}
            confirmLabel={t('rotateToken')}
            busyLabel={t('rotating')}
            onConfirm={() => rotate.mutateAsync(a.id)}
            onSuccess={(r) => setToken(r.token)}
            trigger={(open) => (
              <Button variant="outline" onClick={open} disabled={rotate.isPending}>
                {t('rotateToken')}
              </Button>
            )}
          />
          <ConfirmAction
            title={t('deleteTitle', { name: a.name })}
            description={t('deleteDescription', { name: a.name })}
            confirmLabel={t('deleteAgent')}
            busyLabel={t('deleting')}
            onConfirm={() => remove.mutateAsync(a.id)}
            success={doneMessage('Agent', 'delete')}
            onSuccess={() => router.push('/agents')}
            trigger={(open) => (
              <Button variant="danger" onClick={open} disabled={remove.isPending}>
                {t('delete')}
              </Button>
            )}
          />
        </section>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>{t('limitsUsage')}</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4">
            <QueryView query={limits} loading={<Skeleton className="h-24" />}>
              {(usage) => (
                <>
                  <UsageBar label={t('usagePerTransfer')} testId="Per transfer" row={usage.perTransaction} />
                  <UsageBar label={t('usageToday')} testId="Today" row={usage.daily} />
                  <UsageBar label={t('usage30Days')} testId="30 days" row={usage.monthly} />
                </>
              )}
            </QueryView>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t('permissionsAndLimits')}</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-6">
            <PermissionsEditor key={a.updatedAt} agent={a} canWrite={canWrite} />
            {canWrite ? <LimitsEditor key={`l${a.updatedAt}`} agent={a} /> : null}
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader className="flex-row items-center justify-between">
          <CardTitle>{t('activity')}</CardTitle>
          <Select
            aria-label={t('result')}
            className="w-36"
            value={url.result ?? ''}
            onChange={(e) => setUrl({ result: e.target.value || undefined })}
          >
            <option value="">{t('everyResult')}</option>
            <option value="succeeded">{t('results.succeeded')}</option>
            <option value="refused">{t('results.refused')}</option>
            <option value="failed">{t('results.failed')}</option>
          </Select>
        </CardHeader>
        <QueryView query={activity} loading={<TableSkeleton rows={3} />}>
          {(list) =>
            list.data.length === 0 ? (
              <EmptyState title={t('noActivity')} description={t('noActivityHint')} />
            ) : (
              <ol className="grid divide-y divide-border" data-testid="agent-activity">
                {list.data.map((e) => (
                  <li key={e.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm">
                    <span>
                      <code className="text-xs">{e.action}</code>
                      <span className="text-muted-foreground">
                        {' '}
                        · {e.method} {e.path}
                      </span>
                      {e.errorCode ? <span className="text-red-600 dark:text-red-400"> · {e.errorCode}</span> : null}
                    </span>
                    <span className="flex items-center gap-2">
                      <Badge tone={e.result === 'succeeded' ? 'green' : e.result === 'refused' ? 'amber' : 'red'}>
                        {t(`results.${e.result}`)}
                      </Badge>
                      <span className="text-xs text-muted-foreground">{dateTime(e.at)}</span>
                    </span>
                  </li>
                ))}
              </ol>
            )
          }
        </QueryView>
      </Card>
      <Dialog open={Boolean(token)} onOpenChange={(o) => !o && setToken(null)} title={t('newToken')}>
        {token ? <SecretReveal label={t('newTokenLabel')} value={token} /> : null}
        <div className="flex justify-end">
          <Button onClick={() => setToken(null)}>{t('stored')}</Button>
        </div>
      </Dialog>
    </div>
  );
}

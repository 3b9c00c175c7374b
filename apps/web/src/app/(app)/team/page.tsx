'use client';

import { changeRoleBodySchema, createInviteBodySchema, ROLES } from '@payos/contracts';
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
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
import { UserPlus } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { ConfirmAction } from '@/components/confirm-action';
import { QueryView } from '@/components/query-view';
import { SecretReveal } from '@/components/secret-reveal';
import { invitesQuery, teamQuery, useTeamMutations } from '@/features/settings/queries';
import { date } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { useSession } from '@/lib/session';
import { toast } from '@/lib/toast';

export default function TeamPage() {
  const session = useSession();
  const me = session.status === 'authenticated' ? session.me : null;
  const canManage = me?.role === 'owner' || me?.role === 'admin';
  const members = useQuery(teamQuery());
  const invites = useQuery({ ...invitesQuery(), enabled: canManage });
  const { invite, changeRole, remove } = useTeamMutations();
  const [inviting, setInviting] = useState(false);
  const [created, setCreated] = useState<{ email: string; token: string } | null>(null);
  const [emailError, setEmailError] = useState<string | undefined>();
  const t = useTranslations('team.page');
  const tr = useTranslations('shell.role');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    // The contract's request schema, as the API applies it; the API's answer still has the last word.
    const parsed = createInviteBodySchema.safeParse({ email: form.email ?? '', role: form.role ?? 'member' });
    if (!parsed.success) {
      setEmailError(parsed.error.issues[0]?.path[0] === 'email' ? t('emailError') : t('roleError'));
      return;
    }
    setEmailError(undefined);
    invite.mutate(
      { email: parsed.data.email, role: parsed.data.role },
      {
        onSuccess: (inv) => {
          setInviting(false);
          setCreated({ email: inv.email, token: inv.inviteToken });
        },
        onError: (e) => toast(errorMessage(e), 'error'),
      },
    );
  }
  const inviteLink = created ? `${window.location.origin}/accept-invite?token=${encodeURIComponent(created.token)}` : '';

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        {canManage ? (
          <Button
            onClick={() => {
              setEmailError(undefined);
              setInviting(true);
            }}
          >
            <UserPlus className="h-4 w-4" /> {t('inviteMember')}
          </Button>
        ) : null}
      </div>
      <Card>
        <QueryView query={members} loading={<TableSkeleton rows={3} />}>
          {(list) => (
            <Table stacked hasAmount={false}>
              <THead>
                <Tr>
                  <Th>{t('name')}</Th>
                  <Th>{t('role')}</Th>
                  <Th>{t('joined')}</Th>
                  <Th className="text-right">{t('actions')}</Th>
                </Tr>
              </THead>
              <TBody>
                {list.data.map((m) => (
                  <Tr key={m.id}>
                    <Td mobile="primary">
                      <span className="font-medium">{m.name}</span>
                      {m.id === me?.user.id ? <Badge className="ml-2">{t('you')}</Badge> : null}
                      <span className="block text-xs text-muted-foreground">{m.email}</span>
                    </Td>
                    <Td mobile="status">
                      {canManage && m.id !== me?.user.id ? (
                        <Select
                          aria-label={t('roleOf', { name: m.name })}
                          className="w-32"
                          value={m.role}
                          disabled={changeRole.isPending}
                          onChange={(e) => {
                            const parsed = changeRoleBodySchema.safeParse({ role: e.target.value });
                            if (!parsed.success) return;
                            changeRole.mutate(
                              { userId: m.id, role: parsed.data.role },
                              {
                                onSuccess: () => toast(t('roleChanged', { name: m.name, role: tr(parsed.data.role) }), 'success'),
                                onError: (err) => toast(errorMessage(err), 'error'),
                              },
                            );
                          }}
                        >
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {tr(r)}
                            </option>
                          ))}
                        </Select>
                      ) : (
                        <span className="capitalize">{tr(m.role)}</span>
                      )}
                    </Td>
                    <Td className="text-muted-foreground">{date(m.createdAt)}</Td>
                    <Td mobile="end" className="text-right">
                      {canManage && m.id !== me?.user.id ? (
                        <ConfirmAction
                          title={t('removeTitle', { name: m.name })}
                          description={t('removeDescription', { name: m.name, email: m.email })}
                          confirmLabel={t('removeMember')}
                          busyLabel={t('removing')}
                          onConfirm={() => remove.mutateAsync(m.id)}
                          success={t('removed', { name: m.name })}
                          trigger={(open) => (
                            <Button
                              variant="ghost"
                              size="sm"
                              className="text-red-600 dark:text-red-400"
                              aria-label={t('removeNamed', { name: m.name })}
                              disabled={remove.isPending}
                              onClick={open}
                            >
                              {t('remove')}
                            </Button>
                          )}
                        />
                      ) : null}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </QueryView>
      </Card>
      {canManage ? (
        <Card>
          <CardHeader>
            <CardTitle>{t('pendingInvites')}</CardTitle>
          </CardHeader>
          <QueryView query={invites} loading={<TableSkeleton rows={2} />}>
            {(list) =>
              list.data.length === 0 ? (
                <CardContent>
                  <EmptyState title={t('noPendingInvites')} />
                </CardContent>
              ) : (
                <Table stacked hasAmount={false}>
                  <TBody>
                    {list.data.map((i) => (
                      <Tr key={i.id}>
                        <Td mobile="primary">{i.email}</Td>
                        <Td mobile="status" className="capitalize">
                          {tr(i.role)}
                        </Td>
                        <Td className="text-muted-foreground">{t('expires', { date: date(i.expiresAt) })}</Td>
                      </Tr>
                    ))}
                  </TBody>
                </Table>
              )
            }
          </QueryView>
        </Card>
      ) : null}
      <Dialog open={inviting} onOpenChange={setInviting} title={t('inviteTitle')} description={t('inviteDescription')}>
        <form className="grid gap-4" onSubmit={submit}>
          <Field id="invite-email" label={t('email')} error={emailError}>
            <Input
              id="invite-email"
              name="email"
              type="email"
              required
              autoFocus
              maxLength={254}
              aria-invalid={Boolean(emailError) || undefined}
            />
          </Field>
          <Field id="invite-role" label={t('role')}>
            <Select id="invite-role" name="role" defaultValue="member">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {tr(r)}
                </option>
              ))}
            </Select>
          </Field>
          <DialogActions onCancel={() => setInviting(false)} label={t('createInvite')} busyLabel={t('inviting')} busy={invite.isPending} />
        </form>
      </Dialog>
      <Dialog open={Boolean(created)} onOpenChange={(o) => !o && setCreated(null)} title={t('inviteFor', { email: created?.email ?? '' })}>
        {created ? <SecretReveal label={t('sendLink')} value={inviteLink} /> : null}
        <div className="flex justify-end">
          <Button onClick={() => setCreated(null)}>{t('done')}</Button>
        </div>
      </Dialog>
    </div>
  );
}

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

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    // The contract's request schema, as the API applies it; the API's answer still has the last word.
    const parsed = createInviteBodySchema.safeParse({ email: form.email ?? '', role: form.role ?? 'member' });
    if (!parsed.success) {
      setEmailError(parsed.error.issues[0]?.path[0] === 'email' ? 'Enter a valid e-mail address.' : 'Choose a role.');
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
        <h1 className="text-xl font-semibold">Team</h1>
        {canManage ? (
          <Button
            onClick={() => {
              setEmailError(undefined);
              setInviting(true);
            }}
          >
            <UserPlus className="h-4 w-4" /> Invite member
          </Button>
        ) : null}
      </div>
      <Card>
        <QueryView query={members} loading={<TableSkeleton rows={3} />}>
          {(list) => (
            <Table stacked hasAmount={false}>
              <THead>
                <Tr>
                  <Th>Name</Th>
                  <Th>Role</Th>
                  <Th>Joined</Th>
                  <Th className="text-right">Actions</Th>
                </Tr>
              </THead>
              <TBody>
                {list.data.map((m) => (
                  <Tr key={m.id}>
                    <Td mobile="primary">
                      <span className="font-medium">{m.name}</span>
                      {m.id === me?.user.id ? <Badge className="ml-2">you</Badge> : null}
                      <span className="block text-xs text-muted-foreground">{m.email}</span>
                    </Td>
                    <Td mobile="status">
                      {canManage && m.id !== me?.user.id ? (
                        <Select
                          aria-label={`Role of ${m.name}`}
                          className="w-32"
                          value={m.role}
                          disabled={changeRole.isPending}
                          onChange={(e) => {
                            const parsed = changeRoleBodySchema.safeParse({ role: e.target.value });
                            if (!parsed.success) return;
                            changeRole.mutate(
                              { userId: m.id, role: parsed.data.role },
                              {
                                onSuccess: () => toast(`${m.name} is now ${parsed.data.role}.`, 'success'),
                                onError: (err) => toast(errorMessage(err), 'error'),
                              },
                            );
                          }}
                        >
                          {ROLES.map((r) => (
                            <option key={r}>{r}</option>
                          ))}
                        </Select>
                      ) : (
                        <span className="capitalize">{m.role}</span>
                      )}
                    </Td>
                    <Td className="text-muted-foreground">{date(m.createdAt)}</Td>
                    <Td mobile="end" className="text-right">
                      {canManage && m.id !== me?.user.id ? (
                        <ConfirmAction
                          title={`Remove ${m.name}?`}
                          description={`${m.name} (${m.email}) leaves the organization: their sessions end at once and they can no longer log in to it. Schedules they created stop running.`}
                          confirmLabel="Remove member"
                          busyLabel="Removing…"
                          onConfirm={() => remove.mutateAsync(m.id)}
                          success={`${m.name} removed.`}
                          trigger={(open) => (
                            <Button
                              variant="ghost"
                              size="sm"
                              className="text-red-600 dark:text-red-400"
                              aria-label={`Remove ${m.name}`}
                              disabled={remove.isPending}
                              onClick={open}
                            >
                              Remove
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
            <CardTitle>Pending invites</CardTitle>
          </CardHeader>
          <QueryView query={invites} loading={<TableSkeleton rows={2} />}>
            {(list) =>
              list.data.length === 0 ? (
                <CardContent>
                  <EmptyState title="No pending invites" />
                </CardContent>
              ) : (
                <Table stacked hasAmount={false}>
                  <TBody>
                    {list.data.map((i) => (
                      <Tr key={i.id}>
                        <Td mobile="primary">{i.email}</Td>
                        <Td mobile="status" className="capitalize">
                          {i.role}
                        </Td>
                        <Td className="text-muted-foreground">expires {date(i.expiresAt)}</Td>
                      </Tr>
                    ))}
                  </TBody>
                </Table>
              )
            }
          </QueryView>
        </Card>
      ) : null}
      <Dialog
        open={inviting}
        onOpenChange={setInviting}
        title="Invite a member"
        description="They join with the role you choose (not above your own)."
      >
        <form className="grid gap-4" onSubmit={submit}>
          <Field id="invite-email" label="Email" error={emailError}>
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
          <Field id="invite-role" label="Role">
            <Select id="invite-role" name="role" defaultValue="member">
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </Select>
          </Field>
          <DialogActions onCancel={() => setInviting(false)} label="Create invite" busyLabel="Inviting…" busy={invite.isPending} />
        </form>
      </Dialog>
      <Dialog open={Boolean(created)} onOpenChange={(o) => !o && setCreated(null)} title={`Invite for ${created?.email ?? ''}`}>
        {created ? <SecretReveal label="Send this link to the invitee" value={inviteLink} /> : null}
        <div className="flex justify-end">
          <Button onClick={() => setCreated(null)}>Done</Button>
        </div>
      </Dialog>
    </div>
  );
}

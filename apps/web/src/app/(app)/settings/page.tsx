'use client';

import { updateOrganizationBodySchema } from '@payos/contracts';
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  Field,
  Input,
  Skeleton,
  Table,
  TableSkeleton,
  Tabs,
  TBody,
  Td,
  THead,
  Th,
  Tr,
} from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { ConfirmAction } from '@/components/confirm-action';
import { LanguageSelect } from '@/components/language-picker';
import { QueryView } from '@/components/query-view';
import { ControlsTab } from '@/features/settings/controls-tab';
import { PoliciesCard } from '@/features/settings/policies-card';
import { organizationQuery, sessionsQuery, useRevokeSession, useUpdateOrganization } from '@/features/settings/queries';
import { dateTime } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { useSession } from '@/lib/session';
import { toast } from '@/lib/toast';
import { useUrlState } from '@/lib/use-url-state';

const KEYS = ['tab'] as const;

/** Settings: General (organization, money policies, profile, sessions) and Controls (approval policies, and the controls to come). */
export default function SettingsPage() {
  const session = useSession();
  const me = session.status === 'authenticated' ? session.me : null;
  const canEdit = me?.role === 'owner' || me?.role === 'admin';
  const [url, setUrl] = useUrlState(KEYS);
  const tab = url.tab === 'controls' ? 'controls' : 'general';
  const t = useTranslations('settings.page');
  return (
    <div className="grid grid-cols-1 gap-4">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <Tabs
        value={tab}
        onValueChange={(value) => setUrl({ tab: value === 'general' ? undefined : value })}
        tabs={[
          { value: 'general', label: t('tabs.general'), content: () => <GeneralTab /> },
          { value: 'controls', label: t('tabs.controls'), content: () => <ControlsTab canManage={canEdit} /> },
        ]}
      />
    </div>
  );
}

function GeneralTab() {
  const session = useSession();
  const me = session.status === 'authenticated' ? session.me : null;
  const organization = useQuery(organizationQuery());
  const sessions = useQuery(sessionsQuery());
  const update = useUpdateOrganization();
  const revoke = useRevokeSession();
  const [nameError, setNameError] = useState<string | undefined>();
  const canEdit = me?.role === 'owner' || me?.role === 'admin';
  const t = useTranslations('settings.page');

  function saveName(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The contract's request schema, as the API applies it (trimmed, 1–200 characters).
    const parsed = updateOrganizationBodySchema.safeParse({ name: String(new FormData(event.currentTarget).get('name') ?? '') });
    if (!parsed.success) {
      setNameError(t('nameInvalid'));
      return;
    }
    setNameError(undefined);
    update.mutate(parsed.data, {
      onSuccess: () => toast(t('renamed'), 'success'),
      onError: (e) => setNameError(errorMessage(e)),
    });
  }

  return (
    <div className="grid grid-cols-1 gap-4">
      <Card>
        <CardHeader>
          <CardTitle>{t('organization')}</CardTitle>
        </CardHeader>
        <CardContent>
          <QueryView query={organization} loading={<Skeleton className="h-9 w-72" />}>
            {(org) => (
              <form className="flex flex-wrap items-end gap-2" onSubmit={saveName}>
                <div className="w-full max-w-sm">
                  <Field id="org-name" label={t('name')} error={nameError}>
                    <Input id="org-name" name="name" defaultValue={org.name} disabled={!canEdit} required maxLength={200} />
                  </Field>
                </div>
                {canEdit ? (
                  <Button type="submit" disabled={update.isPending}>
                    {t('save')}
                  </Button>
                ) : null}
              </form>
            )}
          </QueryView>
        </CardContent>
      </Card>
      <PoliciesCard canEdit={canEdit} />
      <Card>
        <CardHeader>
          <CardTitle>{t('profile')}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-1 text-sm">
          <p>
            <span className="font-medium">{me?.user.name}</span> · {me?.user.email}
          </p>
          <p className="text-muted-foreground">{me ? t('role', { role: me.role }) : null}</p>
          <div className="mt-3">
            <LanguageSelect />
          </div>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t('sessions')}</CardTitle>
        </CardHeader>
        <QueryView query={sessions} loading={<TableSkeleton rows={2} />}>
          {(list) => (
            <Table>
              <THead>
                <Tr>
                  <Th>{t('device')}</Th>
                  <Th>{t('ip')}</Th>
                  <Th>{t('lastActive')}</Th>
                  <Th className="text-right">{t('actions')}</Th>
                </Tr>
              </THead>
              <TBody>
                {list.data.map((s) => (
                  <Tr key={s.id}>
                    <Td className="max-w-80 truncate">
                      {s.userAgent ?? t('unknownDevice')}
                      {s.current ? (
                        <Badge tone="green" className="ml-2">
                          {t('thisSession')}
                        </Badge>
                      ) : null}
                    </Td>
                    <Td className="text-muted-foreground">{s.ip ?? '—'}</Td>
                    <Td className="text-muted-foreground">{dateTime(s.lastUsedAt)}</Td>
                    <Td className="text-right">
                      {s.current ? null : (
                        <ConfirmAction
                          title={t('revokeTitle')}
                          description={
                            s.ip
                              ? t('revokeDescriptionAt', { device: s.userAgent ?? t('theDevice'), ip: s.ip })
                              : t('revokeDescription', { device: s.userAgent ?? t('theDevice') })
                          }
                          confirmLabel={t('revokeConfirm')}
                          busyLabel={t('revoking')}
                          onConfirm={() => revoke.mutateAsync(s.id)}
                          success={t('revoked')}
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
                      )}
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </QueryView>
      </Card>
    </div>
  );
}

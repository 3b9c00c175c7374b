'use client';

import { agentListQuerySchema } from '@payos/contracts';
import { Button, Card, EmptyState, Select } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { activeFilterCount, Filters } from '@/components/filters';
import { PagedList } from '@/components/paged-list';
import { AgentTable } from '@/features/agents/agent-table';
import { CreateAgentDialog } from '@/features/agents/create-agent-dialog';
import { agentsQuery } from '@/features/agents/queries';
import { useEnvironment } from '@/lib/environment';
import { useCanWrite } from '@/lib/session';
import { useUrlState } from '@/lib/use-url-state';

const KEYS = ['status', 'cursor', 'new'] as const;

export default function AgentsPage() {
  const env = useEnvironment();
  const [url, setUrl] = useUrlState(KEYS);
  const canWrite = useCanWrite();
  const t = useTranslations('agents.page');
  // A value the API does not know (a hand-edited URL) filters nothing, as the selects show.
  const status = agentListQuerySchema.shape.status.safeParse(url.status).data;
  const agents = useQuery(agentsQuery(env, { status, cursor: url.cursor }));
  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">{t('title')}</h1>
          <p className="text-sm text-muted-foreground">{t('subtitle')}</p>
        </div>
        {canWrite ? (
          <Button onClick={() => setUrl({ new: '1', cursor: url.cursor })}>
            <Plus className="h-4 w-4" /> {t('newAgent')}
          </Button>
        ) : null}
      </div>
      <Filters active={activeFilterCount(status)}>
        <Select
          aria-label={t('status')}
          className="w-full sm:w-40"
          value={url.status ?? ''}
          onChange={(e) => setUrl({ status: e.target.value || undefined })}
        >
          <option value="">{t('anyStatus')}</option>
          <option value="active">{t('active')}</option>
          <option value="suspended">{t('suspended')}</option>
        </Select>
      </Filters>
      <Card>
        <PagedList
          query={agents}
          cursor={url.cursor}
          onNext={(cursor) => setUrl({ cursor }, 'push')}
          empty={
            <EmptyState
              title={t('noneYet')}
              description={t('emptyHint')}
              action={canWrite ? <Button onClick={() => setUrl({ new: '1' })}>{t('newAgent')}</Button> : undefined}
            />
          }
        >
          {(rows) => <AgentTable agents={rows} />}
        </PagedList>
      </Card>
      <CreateAgentDialog
        open={canWrite && url.new === '1'}
        onOpenChange={(open) => setUrl({ new: open ? '1' : undefined, cursor: url.cursor })}
      />
    </div>
  );
}

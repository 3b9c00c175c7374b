'use client';

import { agentListQuerySchema } from '@payos/contracts';
import { Button, Card, EmptyState, Select } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
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
  // A value the API does not know (a hand-edited URL) filters nothing, as the selects show.
  const status = agentListQuerySchema.shape.status.safeParse(url.status).data;
  const agents = useQuery(agentsQuery(env, { status, cursor: url.cursor }));
  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">Agents</h1>
          <p className="text-sm text-muted-foreground">AI agents move money for a business account, within verified limits.</p>
        </div>
        {canWrite ? (
          <Button onClick={() => setUrl({ new: '1', cursor: url.cursor })}>
            <Plus className="h-4 w-4" /> New agent
          </Button>
        ) : null}
      </div>
      <Filters active={activeFilterCount(status)}>
        <Select
          aria-label="Status"
          className="w-full sm:w-40"
          value={url.status ?? ''}
          onChange={(e) => setUrl({ status: e.target.value || undefined })}
        >
          <option value="">Any status</option>
          <option value="active">active</option>
          <option value="suspended">suspended</option>
        </Select>
      </Filters>
      <Card>
        <PagedList
          query={agents}
          cursor={url.cursor}
          onNext={(cursor) => setUrl({ cursor }, 'push')}
          empty={
            <EmptyState
              title="No agents yet"
              description="Create an agent, verify it, and give its token to your AI."
              action={canWrite ? <Button onClick={() => setUrl({ new: '1' })}>New agent</Button> : undefined}
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

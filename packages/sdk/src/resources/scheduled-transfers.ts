import type {
  CreateScheduledTransferRequest,
  ScheduledTransfer,
  ScheduleExecution,
  SchedulePreview,
  SchedulePreviewQuery,
} from '@payos/contracts';
import type { HttpClient, RequestOptions } from '../client.js';
import type { Paginated } from '../pagination.js';
import type { ListScheduledTransfersParams, PageParams } from '../types.js';
import { path } from './path.js';

/** One-off and recurring transfers (`/v1/scheduled-transfers`). */
export class ScheduledTransfers {
  constructor(private readonly http: HttpClient) {}

  create(input: CreateScheduledTransferRequest, options?: RequestOptions): Promise<ScheduledTransfer> {
    return this.http.post('/v1/scheduled-transfers', input, options);
  }

  list(params: ListScheduledTransfersParams = {}): Paginated<ScheduledTransfer> {
    return this.http.list('/v1/scheduled-transfers', params);
  }

  /** With its upcoming run dates and latest executions. */
  get(id: string, options?: RequestOptions): Promise<ScheduledTransfer> {
    return this.http.get(path`/v1/scheduled-transfers/${id}`, undefined, options);
  }

  /** The next five run dates (YYYY-MM-DD) the rule would produce. */
  async preview(rule: SchedulePreviewQuery, options?: RequestOptions): Promise<string[]> {
    return (await this.http.get<SchedulePreview>('/v1/scheduled-transfers/preview', rule, options)).upcomingRuns;
  }

  pause(id: string, options?: RequestOptions): Promise<ScheduledTransfer> {
    return this.http.post(path`/v1/scheduled-transfers/${id}/pause`, undefined, options);
  }

  /** Dates missed while paused are skipped. */
  resume(id: string, options?: RequestOptions): Promise<ScheduledTransfer> {
    return this.http.post(path`/v1/scheduled-transfers/${id}/resume`, undefined, options);
  }

  cancel(id: string, options?: RequestOptions): Promise<ScheduledTransfer> {
    return this.http.post(path`/v1/scheduled-transfers/${id}/cancel`, undefined, options);
  }

  /** Execute one extra occurrence now; the execution says whether it succeeded. */
  runNow(id: string, options?: RequestOptions): Promise<ScheduleExecution> {
    return this.http.post(path`/v1/scheduled-transfers/${id}/run-now`, undefined, options);
  }

  executions(id: string, params: PageParams = {}): Paginated<ScheduleExecution> {
    return this.http.list(path`/v1/scheduled-transfers/${id}/executions`, params);
  }
}

/* Hand-written wire types, to be replaced by zod schemas and their inferred types (issue #15). */

export type Frequency = 'once' | 'daily' | 'weekly' | 'biweekly' | 'monthly';
export type ScheduleExecution = {
  id: string;
  scheduleId: string;
  kind: 'scheduled' | 'manual';
  occurrenceDate: string;
  scheduledFor: string;
  status: 'succeeded' | 'retrying' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  transferId: string | null;
  error: { code: string; message: string | null } | null;
  createdAt: string;
  updatedAt: string;
};
export type ScheduledTransfer = {
  id: string;
  status: 'active' | 'paused' | 'completed' | 'cancelled';
  fromAccountId: string;
  toAccountId: string | null;
  paymentMethodId: string | null;
  amount: string;
  currency: string;
  description: string | null;
  frequency: Frequency;
  interval: number;
  dayOfWeek: number | null;
  dayOfMonth: number | null;
  startDate: string;
  endDate: string | null;
  maxOccurrences: number | null;
  timezone: string;
  occurrencesRun: number;
  nextRunAt: string | null;
  upcomingRuns: string[];
  initiatedBy: { type: string; id: string | null; name: string | null };
  recentExecutions?: ScheduleExecution[];
  createdAt: string;
  updatedAt: string;
};

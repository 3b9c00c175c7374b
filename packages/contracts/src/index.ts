/**
 * Wire types shared by the API and the dashboard. The API's presenters are typed against these,
 * so a change to a response shape fails typechecking on both sides. Amounts are decimal strings;
 * timestamps are ISO-8601 UTC strings.
 */

export type Environment = 'test' | 'live';
export type Role = 'owner' | 'admin' | 'member' | 'viewer';

export type ApiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'conflict_error'
  | 'idempotency_error'
  | 'business_rule_error'
  | 'rate_limit_error'
  | 'api_error'
  | 'unavailable_error';

export type ApiError = {
  error: {
    type: ApiErrorType;
    code: string;
    message: string;
    param?: string;
    details?: Record<string, unknown>;
    requestId: string;
  };
};

export type Single<T> = { data: T };
export type List<T> = { data: T[]; hasMore: boolean; nextCursor: string | null };

export type User = { id: string; email: string; name: string; role: Role; createdAt: string };
export type Tenant = { id: string; name: string; status: 'active' | 'suspended'; createdAt: string };
export type Organization = Tenant & { metadata: Record<string, string>; updatedAt: string };
export type SessionTokens = { accessToken: string; refreshToken: string; expiresIn: number; tokenType: 'Bearer' };
export type AuthResult = { user: User; tenant: Tenant; session: SessionTokens };
export type Me = { user: User; tenant: Tenant; role: Role };
export type Session = {
  id: string;
  current: boolean;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
};

export type Invite = { id: string; email: string; role: Role; invitedBy: string; expiresAt: string; createdAt: string };
export type CreatedInvite = Invite & { inviteToken: string };

export type ApiKeyStatus = 'active' | 'grace_period' | 'expired' | 'revoked';
export type ApiKey = {
  id: string;
  name: string;
  environment: Environment;
  prefix: string;
  status: ApiKeyStatus;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
};
export type CreatedApiKey = ApiKey & { key: string };
export type RotatedApiKey = CreatedApiKey & { replaces: ApiKey };

export type Health =
  | { status: 'healthy'; timestamp: string; version: string; checks: { api: 'running'; database: 'connected' } }
  | { status: 'unhealthy'; error: string; timestamp: string; version: string };

export type Balance = { currency: string; available: string; pending: string; inStreams: string; total: string };
export type VerificationStatus = 'unverified' | 'pending' | 'verified' | 'suspended';
export type Account = {
  id: string;
  environment: Environment;
  type: 'person' | 'business';
  name: string;
  email: string | null;
  country: string | null;
  metadata: Record<string, string>;
  verificationTier: number;
  verificationStatus: VerificationStatus;
  status: 'active' | 'closed';
  balances: Balance[];
  createdAt: string;
  updatedAt: string;
};

export type LedgerEntry = {
  id: string;
  transactionId: string;
  accountId: string;
  currency: string;
  part: 'available' | 'pending' | 'inStreams';
  amount: string;
  balanceAfter: string;
  referenceType: string;
  referenceId: string | null;
  description: string | null;
  createdAt: string;
};

export type Rail = 'spei' | 'pix' | 'ach' | 'cbu' | 'cop_bank' | 'usdc';
export type PaymentMethod = {
  id: string;
  accountId: string;
  type: 'bank_account' | 'wallet';
  rail: Rail;
  currency: string;
  label: string | null;
  last4: string;
  details: Record<string, string>;
  status: 'active' | 'removed';
  createdAt: string;
};

export type FeeLine = { type: string; amount: string };
export type Quote = {
  id: string;
  fromCurrency: string;
  toCurrency: string;
  sourceAmount: string;
  destinationAmount: string;
  rate: string;
  fees: { total: string; breakdown: FeeLine[] };
  totalDebit: string;
  expiresAt: string;
  status: 'valid' | 'used' | 'expired';
};

export type TransferStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'cancelled';
export type Transfer = {
  id: string;
  type: 'internal' | 'payout';
  status: TransferStatus;
  fromAccountId: string;
  toAccountId: string | null;
  paymentMethodId: string | null;
  amount: string;
  currency: string;
  fees: { total: string; breakdown: FeeLine[] };
  totalDebit: string;
  destinationAmount: string | null;
  destinationCurrency: string | null;
  rate: string | null;
  quoteId: string | null;
  description: string | null;
  metadata: Record<string, string>;
  failureReason: string | null;
  initiatedBy: { type: 'user' | 'api_key' | 'agent' | 'system'; id: string | null; name: string | null };
  timeline: { status: string; note: string | null; at: string }[];
  createdAt: string;
  updatedAt: string;
};

export type Overview = {
  currency: 'USD';
  balances: (Balance & { accounts: number })[];
  volume: { date: string; count: number; volumeUsd: string }[];
  corridors: {
    id: string;
    fromCurrency: string;
    toCurrency: string;
    count: number;
    volume: string;
    destinationVolume: string;
    volumeUsd: string;
  }[];
  payouts: { pending: number; processing: number; failed: number };
  streams: {
    active: number;
    warning: number;
    critical: number;
    needingAttention: {
      id: string;
      description: string | null;
      health: 'healthy' | 'warning' | 'critical';
      runwaySeconds: number | null;
      ratePerMonth: string;
      currency: string;
    }[];
  };
  recentTransfers: Transfer[];
};

export type Member = { id: string; email: string; name: string; role: Role; createdAt: string };

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

export type AgentPermission =
  | 'accounts.view'
  | 'paymentMethods.view'
  | 'transactions.initiate'
  | 'streams.initiate'
  | 'streams.pause'
  | 'streams.terminate';
export type Agent = {
  id: string;
  accountId: string;
  name: string;
  description: string | null;
  type: 'payment' | 'treasury' | 'compliance' | 'custom';
  status: 'active' | 'suspended' | 'deleted';
  suspendedReason: string | null;
  kyaTier: number;
  permissions: AgentPermission[];
  limits: { perTransaction: string | null; daily: string | null; monthly: string | null };
  tokenPrefix: string;
  createdAt: string;
  updatedAt: string;
};
export type AgentWithToken = Agent & { token: string };
export type AgentLimitRow = {
  kyaTier: string;
  agent: string | null;
  accountTier: string;
  effective: string;
  cappedBy: 'kya_tier' | 'agent' | 'account_tier';
  used?: string;
  remaining?: string;
};
export type AgentLimits = { currency: 'USD'; perTransaction: AgentLimitRow; daily: AgentLimitRow; monthly: AgentLimitRow };
export type AgentActivity = {
  id: string;
  action: string;
  method: string;
  path: string;
  objectId: string | null;
  statusCode: number;
  result: 'succeeded' | 'refused' | 'failed';
  errorCode: string | null;
  requestId: string | null;
  at: string;
};

export type StreamHealth = 'healthy' | 'warning' | 'critical';
export type Stream = {
  id: string;
  status: 'active' | 'paused' | 'depleted' | 'cancelled';
  senderAccountId: string;
  receiverAccountId: string;
  currency: string;
  ratePerSecond: string;
  ratePerMonth: string;
  funded: string;
  streamed: string;
  withdrawn: string;
  withdrawable: string;
  remaining: string;
  refunded: string;
  runwaySeconds: number | null;
  depletesAt: string | null;
  health: StreamHealth;
  activeSeconds: number;
  description: string | null;
  category: string | null;
  initiatedBy: { type: string; id: string | null; name: string | null };
  asOf: string;
  createdAt: string;
  updatedAt: string;
  endedAt: string | null;
};
export type StreamEvent = {
  id: string;
  type: string;
  amount: string | null;
  data: Record<string, unknown>;
  actor: { type: string; id: string | null };
  at: string;
};

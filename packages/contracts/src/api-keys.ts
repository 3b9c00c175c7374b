/* Hand-written wire types, to be replaced by zod schemas and their inferred types (issue #15). */
import type { Environment } from './common.js';

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

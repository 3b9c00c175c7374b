import type { ErrorCode } from '@payos/contracts';
import type { Environment } from '@payos/db';
import type { Actor, Role } from '../core/actor.js';
import type { AgentPermission } from '../modules/agents/agents.permissions.js';

/* The vocabulary of operation declarations (see operation.ts, which builds them). Types only. */

export type CredentialKind = Actor['kind'];

/**
 * Where the account an agent must act for is named. `{ path }` / `{ body }`: that field must be the
 * agent's own account, or the call answers 404 like any id out of reach. `scoped`: the handler
 * narrows what it reads or changes to the agent's account (lists filter, objects of other accounts
 * answer 404). `none`: not account data (rates, corridors).
 */
export type AgentAccount = { path: string } | { body: string } | 'scoped' | 'none';

/** Who may call an operation, where, and how. The only place authorization is decided. */
export type Access = {
  /** Credential kinds allowed; `public` = no credential (signup, login…). */
  credentials: readonly CredentialKind[] | 'public';
  /** Minimum role of a user. API keys and agents act as `member`. Default `viewer`. */
  role?: Role;
  /** Required when agents are allowed: the permission they need (null: none) and their account rule. */
  agent?: { permission: AgentPermission | null; account: AgentAccount };
  /** Environments the operation runs in (default both); elsewhere it answers 403 `test_mode_only`. */
  environments?: readonly Environment[];
  /** For a test-only operation: what the caller should know about live (put in the 403's message). */
  testOnly?: string;
  /** A stricter rule in live (e.g. verification: an owner/admin user only), and why. */
  live?: { credentials: readonly CredentialKind[]; role: Role; why: string };
  /** Extra rate-limit tier on top of the general per-caller one. */
  rateLimit?: 'strict' | 'auth';
  /**
   * Honours Idempotency-Key (default: every authenticated POST). `secret`: the response carries a
   * secret, so the stored copy is encrypted with the server key and only its creator can replay it.
   * `handler`: the handler applies the key itself — a batched command claims it in its batch's
   * transaction (http/middleware/idempotency.ts).
   */
  idempotent?: boolean | 'secret' | 'handler';
};

/** The normalised declaration, kept on the route (x-payos-*) for the spec, the matrix test and docs. */
export type OperationDeclaration = {
  operationId: string;
  method: string;
  path: string;
  credentials: readonly CredentialKind[] | 'public';
  role: Role;
  agent: { permission: AgentPermission | null; account: AgentAccount } | null;
  environments: readonly Environment[];
  testOnly: string | null;
  live: { credentials: readonly CredentialKind[]; role: Role; why: string } | null;
  idempotent: false | true | 'secret' | 'handler';
  rateLimit: 'strict' | 'auth' | null;
  errors: ErrorCode[];
};

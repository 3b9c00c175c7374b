/**
 * Test support (not part of the SDK's build): the real PayOS API on an ephemeral port, on this test
 * file's own migrated database, with an organization, its owner and a test API key.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, createKey, createTestDatabase, signup, type TestDatabase } from '../../../../tests/harness.js';
import type { FetchLike } from '../client.js';

type Built = ReturnType<typeof buildApp>;
export type Tenant = { key: string; ownerToken: string };
export type Api = Built & { db: TestDatabase['db']; baseUrl: string; tenant: () => Promise<Tenant> };

/**
 * `const api = serveApi()` at module level; `api()` inside tests. `tenant()` signs up a fresh
 * organization (so tests do not see each other's objects) and returns a test key and the owner's token.
 */
export function serveApi(overrides: Parameters<typeof buildApp>[1] = {}): () => Api {
  let database: TestDatabase | undefined;
  let server: ReturnType<typeof serve> | undefined;
  let api: Api | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    const built = buildApp(database.db, overrides);
    server = serve({ fetch: built.app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const tenant = async () => {
      const owner = await signup(built.http);
      return { key: (await createKey(built.http, owner.token)).key, ownerToken: owner.token };
    };
    api = { ...built, db: database.db, baseUrl: `http://127.0.0.1:${port}`, tenant };
  });
  afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await database?.drop();
  });
  return () => {
    if (!api) throw new Error('serveApi() is ready inside tests (beforeAll has not run).');
    return api;
  };
}

/** A request as sent (its headers), and what came back: status, whether it was a replay, Retry-After. */
export type Call = { method: string; path: string; headers: Headers; status?: number; replayed?: boolean; retryAfter?: string | null };

/**
 * The global fetch, recording every call; fails a test when the API answers an error code its
 * operation does not declare (the test config flags those).
 */
export function recordingFetch(calls: Call[] = []): FetchLike & { calls: Call[] } {
  const wrapped = async (url: string, init: RequestInit) => {
    const call: Call = { method: init.method ?? 'GET', path: new URL(url).pathname, headers: new Headers(init.headers) };
    calls.push(call);
    const response = await fetch(url, init);
    call.status = response.status;
    call.replayed = response.headers.get('idempotent-replayed') === 'true';
    call.retryAfter = response.headers.get('retry-after');
    const undeclared = response.headers.get('payos-undeclared-error');
    if (undeclared) throw new Error(`${call.method} ${call.path} answered an undeclared error code: ${undeclared}`);
    return response;
  };
  return Object.assign(wrapped, { calls });
}

/** A sleep that records what it was asked to wait and returns at once. */
export function recordingSleep(): ((ms: number) => Promise<void>) & { waits: number[] } {
  const waits: number[] = [];
  return Object.assign(
    async (ms: number) => {
      waits.push(ms);
    },
    { waits },
  );
}

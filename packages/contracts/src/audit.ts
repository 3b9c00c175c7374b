import { z } from 'zod';
import { ACTOR_TYPES, type ActorType, idSchema, instantSchema, paginationQuerySchema, text, timestampSchema } from './common.js';

/* The audit log (`/v1/audit-events`): every state change, who made it and the request that did. */

export const AUDIT_ACTOR_TYPES = ACTOR_TYPES;
export type AuditActorType = ActorType;

/** Actions are `<object>.<verb>` in snake case (`account.created`, `member.role_changed`). */
const ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
/** Object types are snake-case nouns (`account`, `api_key`). */
const OBJECT_TYPE_PATTERN = /^[a-z][a-z0-9_]*$/;
/** Request ids as the API accepts or generates them (X-Request-ID). */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

// ——— Responses ———

export const auditEventSchema = z
  .object({
    id: idSchema({ example: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9' }),
    actor: z.object({
      type: z.enum(AUDIT_ACTOR_TYPES).meta({ example: 'user' }),
      id: idSchema({
        example: '6f1c1e52-8a0a-4c55-9d0e-8a3b5d1f2e10',
        description: 'The user, API key or agent; null for the system.',
      }).nullable(),
      name: text(200, { example: 'Ana Souza' }).nullable(),
    }),
    action: z.string().max(80).regex(ACTION_PATTERN).meta({ example: 'account.created' }),
    objectType: z.string().max(40).regex(OBJECT_TYPE_PATTERN).meta({ example: 'account' }),
    objectId: idSchema({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }).nullable(),
    requestId: z.string().max(128).regex(REQUEST_ID_PATTERN).nullable().meta({ example: 'req_5f0c6a1b2c3d4e5f' }),
    at: timestampSchema(),
    reason: text(500, {
      example: null,
      description: 'Why, for actions that require a justification (verification in live).',
    }).nullable(),
    changes: z
      .object({
        before: z.record(z.string().max(100), z.unknown()),
        after: z.record(z.string().max(100), z.unknown()),
      })
      .nullable()
      .meta({
        example: null,
        description: 'What changed, for actions that record it (organization.settings_updated): the changed settings before and after.',
      }),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEvent = z.output<typeof auditEventSchema>;

// ——— Requests ———

export const listAuditEventsQuerySchema = paginationQuerySchema.extend({
  objectType: z.string().max(40).optional().meta({ example: 'account' }),
  objectId: z.guid().max(36).optional().meta({ example: '7d1f3c2e-5b6a-4c8d-9e0f-1a2b3c4d5e6f' }),
  action: z.string().max(80).optional().meta({ example: 'account.created' }),
  from: instantSchema.optional().meta({ example: '2026-11-01T00:00:00Z', description: 'Events at or after this instant.' }),
  to: instantSchema.optional().meta({ example: '2026-12-01T00:00:00Z', description: 'Events before this instant.' }),
});
export type ListAuditEventsQuery = z.input<typeof listAuditEventsQuerySchema>;

import {
  addReviewNoteBodySchema,
  assignReviewBodySchema,
  createReviewBodySchema,
  dataOf,
  idParamSchema,
  listReviewsQuerySchema,
  reviewDetailSchema,
  reviewListSchema,
  reviewNoteBodySchema,
  reviewRequiredNoteBodySchema,
  reviewStatsSchema,
} from '@payos/contracts';
import { decodeCursor, toPage } from '../../core/cursor.js';
import { audited } from '../../http/audit.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { presentReview } from './reviews.present.js';
import * as service from './reviews.service.js';

const tags = ['Risk and reviews'];

/**
 * Reading the queue: every user, and API keys (a partner's own case-management system reads what the
 * rules found). Agents never: compliance findings are not theirs to see.
 */
const READ = { credentials: ['user', 'api_key'] } as const;
/** Raising a flag: members and up, and API keys (a partner's own monitoring). */
const FLAG = { credentials: ['user', 'api_key'], role: 'member' } as const;
/** Deciding (and assigning, escalating, dismissing): people, admins and owners. */
const DECIDE = { credentials: ['user'], role: 'admin' } as const;
/** Notes: any member of the team working a case; viewers read. */
const NOTE = { credentials: ['user'], role: 'member' } as const;

const single = (description: string) => ({ 200: jsonResponse(description, dataOf(reviewDetailSchema)) });

export function registerReviewRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'get',
      path: '/v1/reviews',
      operationId: 'listReviews',
      access: READ,
      errors: ['invalid_cursor'],
      tags,
      summary: 'Review items, newest first: filter by status, risk level, rule, account, transfer, assignee, due date',
      request: { query: listReviewsQuerySchema },
      responses: { 200: jsonResponse('Review items.', reviewListSchema) },
    }),
    async (c) => {
      const { limit, cursor, rule, dueBefore, ...filter } = c.req.valid('query');
      const now = c.get('deps').clock.now();
      const rows = await inTenant(c, (tx) =>
        service.listReviews(
          tx,
          { ...filter, ruleId: rule, dueBefore: dueBefore ? new Date(dueBefore) : undefined },
          { limit, cursor: decodeCursor(cursor) },
        ),
      );
      return c.json(
        toPage(rows, limit, (r) => presentReview(r, now)),
        200,
      );
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/reviews/stats',
      operationId: 'getReviewStats',
      access: READ,
      tags,
      summary: 'The queue in numbers: items by status, active ones by risk level, overdue',
      responses: { 200: jsonResponse('Counts.', dataOf(reviewStatsSchema)) },
    }),
    async (c) => {
      const now = c.get('deps').clock.now();
      return c.json({ data: await inTenant(c, (tx) => service.reviewStats(tx, now)) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/reviews',
      operationId: 'createReview',
      access: FLAG,
      errors: ['resource_missing'],
      tags,
      summary: 'Flag an account or a transfer for review (a manual compliance flag: nothing is held)',
      request: { body: jsonBody(createReviewBodySchema) },
      responses: { 201: jsonResponse('The review item.', dataOf(reviewDetailSchema)) },
    }),
    async (c) => {
      const review = await audited(
        c,
        { action: 'review.created', objectType: 'review' },
        (tx) => service.createFlag(tx, c.get('deps'), c.get('actor'), c.req.valid('json')),
        (r) => r.id,
      );
      return c.json({ data: review }, 201);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/reviews/{id}',
      operationId: 'getReview',
      access: READ,
      tags,
      summary: 'A review item with its evidence (the rule, the figures it saw), notes, transfer and the account’s recent activity',
      request: { params: idParamSchema },
      responses: single('The review item.'),
    }),
    async (c) => {
      const review = await inTenant(c, (tx) => service.getReviewDetailOrThrow(tx, c.get('deps'), c.req.valid('param').id));
      return c.json({ data: review }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/reviews/{id}/assign',
      operationId: 'assignReview',
      access: DECIDE,
      errors: ['invalid_state'],
      tags,
      summary: 'Assign a review item to an admin or owner (default: you); an open one moves to in_review',
      request: { params: idParamSchema, body: { ...jsonBody(assignReviewBodySchema), required: false } },
      responses: single('The review item.'),
    }),
    async (c) => {
      const { userId } = c.req.valid('json') ?? {};
      const review = await audited(
        c,
        { action: 'review.assigned', objectType: 'review' },
        (tx) => service.assignReview(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id, userId),
        (r) => r.id,
      );
      return c.json({ data: review }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/reviews/{id}/approve',
      operationId: 'approveReview',
      access: DECIDE,
      errors: ['invalid_state', 'self_approval', 'account_suspended', 'rates_unavailable'],
      tags,
      summary:
        'Approve a review item; one holding a transfer releases it once no other review of it is open (to approval policies, then the rail)',
      request: { params: idParamSchema, body: { ...jsonBody(reviewNoteBodySchema), required: false } },
      responses: single('The review item, approved.'),
    }),
    async (c) => {
      const { note } = c.req.valid('json') ?? {};
      const review = await audited(
        c,
        { action: 'review.approved', objectType: 'review' },
        (tx) => service.approveReview(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id, note),
        (r) => r.id,
        note,
      );
      return c.json({ data: review }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/reviews/{id}/reject',
      operationId: 'rejectReview',
      access: DECIDE,
      errors: ['invalid_state'],
      tags,
      summary: 'Reject a review item; one holding a transfer voids it (`rejected`, its funds back to available)',
      request: { params: idParamSchema, body: jsonBody(reviewRequiredNoteBodySchema) },
      responses: single('The review item, rejected.'),
    }),
    async (c) => {
      const { note } = c.req.valid('json');
      const review = await audited(
        c,
        { action: 'review.rejected', objectType: 'review' },
        (tx) => service.rejectReview(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id, note),
        (r) => r.id,
        note,
      );
      return c.json({ data: review }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/reviews/{id}/escalate',
      operationId: 'escalateReview',
      access: DECIDE,
      errors: ['invalid_state'],
      tags,
      summary: 'Escalate an open or in-review item (the note, if any, joins its notes)',
      request: { params: idParamSchema, body: { ...jsonBody(reviewNoteBodySchema), required: false } },
      responses: single('The review item, escalated.'),
    }),
    async (c) => {
      const { note } = c.req.valid('json') ?? {};
      const review = await audited(
        c,
        { action: 'review.escalated', objectType: 'review' },
        (tx) => service.escalateReview(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id, note),
        (r) => r.id,
        note,
      );
      return c.json({ data: review }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/reviews/{id}/dismiss',
      operationId: 'dismissReview',
      access: DECIDE,
      errors: ['invalid_state'],
      tags,
      summary: 'Dismiss a review item that needs no action (one holding a transfer is approved or rejected instead)',
      request: { params: idParamSchema, body: jsonBody(reviewRequiredNoteBodySchema) },
      responses: single('The review item, dismissed.'),
    }),
    async (c) => {
      const { note } = c.req.valid('json');
      const review = await audited(
        c,
        { action: 'review.dismissed', objectType: 'review' },
        (tx) => service.dismissReview(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id, note),
        (r) => r.id,
        note,
      );
      return c.json({ data: review }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/reviews/{id}/notes',
      operationId: 'addReviewNote',
      access: NOTE,
      tags,
      summary: 'Add a note to a review item (any status)',
      request: { params: idParamSchema, body: jsonBody(addReviewNoteBodySchema) },
      responses: single('The review item with its notes.'),
    }),
    async (c) => {
      const { body } = c.req.valid('json');
      const review = await audited(
        c,
        { action: 'review.noted', objectType: 'review' },
        (tx) => service.addNote(tx, c.get('deps'), c.get('actor'), c.req.valid('param').id, body),
        (r) => r.id,
      );
      return c.json({ data: review }, 200);
    },
  );
}

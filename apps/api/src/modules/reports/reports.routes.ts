import { z } from '@hono/zod-openapi';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { dataOf, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { transferSchema } from '../transfers/transfers.routes.js';
import { overview } from './reports.service.js';

const overviewSchema = z
  .object({
    currency: z.literal('USD').openapi({ description: 'Currency of every *Usd figure (reference rates).' }),
    balances: z.array(
      z.object({
        currency: z.string().openapi({ example: 'USDC' }),
        available: z.string().openapi({ example: '246692.900000' }),
        pending: z.string().openapi({ example: '0.000000' }),
        inStreams: z.string().openapi({ example: '0.000000' }),
        total: z.string().openapi({ example: '246692.900000' }),
        accounts: z.number().int().openapi({ example: 9, description: 'Customer accounts holding this currency.' }),
      }),
    ),
    volume: z.array(
      z.object({
        date: z.string().openapi({ example: '2026-11-25' }),
        count: z.number().int().openapi({ example: 12 }),
        volumeUsd: z.string().openapi({ example: '15230.50' }),
      }),
    ),
    corridors: z.array(
      z.object({
        id: z.string().openapi({ example: 'USDC_MXN' }),
        fromCurrency: z.string().openapi({ example: 'USDC' }),
        toCurrency: z.string().openapi({ example: 'MXN' }),
        count: z.number().int().openapi({ example: 3 }),
        volume: z.string().openapi({ example: '2000.000000' }),
        destinationVolume: z.string().openapi({ example: '34300.00' }),
        volumeUsd: z.string().openapi({ example: '2000.00' }),
      }),
    ),
    payouts: z.object({
      pending: z.number().int().openapi({ example: 1 }),
      processing: z.number().int().openapi({ example: 0 }),
      failed: z.number().int().openapi({ example: 1, description: 'Failed in the last 30 days.' }),
    }),
    streams: z.object({
      active: z.number().int().openapi({ example: 3 }),
      warning: z.number().int().openapi({ example: 1 }),
      critical: z.number().int().openapi({ example: 1 }),
      needingAttention: z.array(
        z.object({
          id: z.uuid(),
          description: z.string().nullable(),
          health: z.enum(['healthy', 'warning', 'critical']),
          runwaySeconds: z.number().int().nullable(),
          ratePerMonth: z.string(),
          currency: z.string(),
        }),
      ),
    }),
    recentTransfers: z.array(transferSchema),
  })
  .openapi('Overview');

export function registerReportRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'get',
      path: '/v1/reports/overview',
      operationId: 'getOverview',
      access: { credentials: ['user', 'api_key'] },
      tags: ['Reports'],
      summary:
        'The home page in one call: balances, 30-day daily volume, volume by corridor, payouts and streams needing attention, recent transfers',
      responses: { 200: jsonResponse('The overview of this environment.', dataOf(overviewSchema)) },
    }),
    async (c) => {
      const data = await inTenant(c, (tx) => overview(tx, c.get('deps').clock.now()));
      return c.json({ data }, 200);
    },
  );
}

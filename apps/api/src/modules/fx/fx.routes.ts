import { z } from '@hono/zod-openapi';
import { idParamSchema } from '@payos/contracts';
import { Money } from '@payos/money';
import { audited } from '../../http/audit.js';
import { AMOUNT_ERRORS, amountInputSchema, currencySchema } from '../../http/money.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { dataOf, jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { CORRIDORS } from './corridors.js';
import * as quotes from './quotes.service.js';

const tags = ['FX and quotes'];

const corridorSchema = z
  .object({
    id: z.string().openapi({ example: 'USD_MXN' }),
    fromCurrency: z.string().openapi({ example: 'USD' }),
    toCurrency: z.string().openapi({ example: 'MXN' }),
    rail: z.string().openapi({ example: 'spei' }),
    railName: z.string().openapi({ example: 'SPEI' }),
    settlementEstimate: z.string().openapi({ example: 'minutes' }),
    fixedFee: z.string().nullable().openapi({ example: null }),
    limits: z.object({ minAmount: z.string().openapi({ example: '1.00' }), maxAmount: z.string().openapi({ example: '500000.00' }) }),
  })
  .openapi('Corridor');

const rateSchema = z
  .object({
    fromCurrency: z.string().openapi({ example: 'USD' }),
    toCurrency: z.string().openapi({ example: 'MXN' }),
    midRate: z.string().openapi({ example: '17.15' }),
    spread: z.string().openapi({ example: '0' }),
    rate: z.string().openapi({ example: '17.15' }),
  })
  .openapi('FxRate');

const quoteSchema = z
  .object({
    id: z.uuid().openapi({ example: '8c7b6a59-4837-4261-9504-f3e2d1c0b9a8' }),
    fromCurrency: z.string().openapi({ example: 'USD' }),
    toCurrency: z.string().openapi({ example: 'MXN' }),
    rail: z.string().openapi({ example: 'spei' }),
    amountType: z.enum(['source', 'destination']).openapi({ example: 'source' }),
    sourceAmount: z.string().openapi({ example: '1000.00' }),
    destinationAmount: z.string().openapi({ example: '17150.00' }),
    rate: z.string().openapi({ example: '17.15' }),
    fees: z.object({
      total: z.string().openapi({ example: '7.00' }),
      breakdown: z.array(z.object({ type: z.string().openapi({ example: 'platform' }), amount: z.string().openapi({ example: '5.00' }) })),
    }),
    totalDebit: z.string().openapi({ example: '1007.00' }),
    expiresAt: z.string().openapi({ example: '2026-11-25T14:35:00.000Z' }),
    status: z.enum(['valid', 'used', 'expired']).openapi({ example: 'valid' }),
    transferId: z.uuid().nullable().openapi({ example: null }),
    createdAt: z.string().openapi({ example: '2026-11-25T14:30:00.000Z' }),
  })
  .openapi('Quote');

const createQuoteBodySchema = z
  .strictObject({
    fromCurrency: currencySchema,
    toCurrency: currencySchema,
    amount: amountInputSchema,
    amountType: z.enum(['source', 'destination']).default('source').openapi({ example: 'source' }),
  })
  .openapi('CreateQuoteRequest');

export function registerFxRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'get',
      path: '/v1/corridors',
      operationId: 'listCorridors',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: null, account: 'none' } },
      tags,
      summary: 'Supported payout corridors: currencies, rail, settlement estimate, limits',
      responses: { 200: jsonResponse('Corridors.', z.object({ data: z.array(corridorSchema) })) },
    }),
    (c) => c.json({ data: CORRIDORS.map((corridor) => ({ ...corridor, fixedFee: corridor.fixedFee ?? null })) }, 200),
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/fx/rates',
      operationId: 'listFxRates',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: null, account: 'none' } },
      errors: ['rates_unavailable'],
      tags,
      summary: 'Current rates for every corridor (mid rate, spread, quoted rate)',
      responses: { 200: jsonResponse('Rates.', z.object({ data: z.array(rateSchema) })) },
    }),
    async (c) => {
      const deps = c.get('deps');
      const data = await Promise.all(
        CORRIDORS.map(async (corridor) => {
          const mid = await quotes.midRate(deps, corridor.fromCurrency, corridor.toCurrency);
          return {
            fromCurrency: corridor.fromCurrency,
            toCurrency: corridor.toCurrency,
            midRate: mid.toString(),
            spread: deps.fx.spread.toString(),
            rate: mid.times(new Money(1).minus(deps.fx.spread)).toString(),
          };
        }),
      );
      return c.json({ data }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'post',
      path: '/v1/quotes',
      operationId: 'createQuote',
      access: {
        credentials: ['user', 'api_key', 'agent'],
        role: 'member',
        agent: { permission: 'transactions.initiate', account: 'none' },
      },
      errors: [...AMOUNT_ERRORS, 'amount_out_of_range', 'unsupported_corridor', 'rates_unavailable'],
      tags,
      summary: 'Price a conversion by source or destination amount; valid 5 minutes, usable once',
      request: { body: jsonBody(createQuoteBodySchema) },
      responses: {
        201: jsonResponse('The quote.', dataOf(quoteSchema)),
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const quote = await audited(
        c,
        { action: 'quote.created', objectType: 'quote' },
        (tx) => quotes.createQuote(tx, deps, c.get('actor'), c.req.valid('json')),
        (q) => q.id,
      );
      return c.json({ data: quotes.presentQuote(quote, deps.clock.now()) }, 201);
    },
  );

  app.openapi(
    declare({
      method: 'get',
      path: '/v1/quotes/{id}',
      operationId: 'getQuote',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: 'transactions.initiate', account: 'scoped' } },
      tags,
      summary: 'A quote with its status (valid, used, expired)',
      request: { params: idParamSchema },
      responses: { 200: jsonResponse('The quote.', dataOf(quoteSchema)) },
    }),
    async (c) => {
      const quote = await inTenant(c, (tx) => quotes.getQuoteOrThrow(tx, c.req.valid('param').id, c.get('actor')));
      return c.json({ data: quotes.presentQuote(quote, c.get('deps').clock.now()) }, 200);
    },
  );
}

import {
  type Corridor,
  corridorListSchema,
  createQuoteBodySchema,
  dataOf,
  fxRateListSchema,
  idParamSchema,
  quoteSchema,
} from '@payos/contracts';
import { parseAmountParam } from '../../core/amount.js';
import { audited } from '../../http/audit.js';
import { AMOUNT_ERRORS } from '../../http/money.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import { CORRIDORS } from './corridors.js';
import * as quotes from './quotes.service.js';

const tags = ['FX and quotes'];

const presentCorridor = (corridor: (typeof CORRIDORS)[number]): Corridor => ({
  id: corridor.id,
  fromCurrency: corridor.fromCurrency,
  toCurrency: corridor.toCurrency,
  rail: corridor.rail,
  railName: corridor.railName,
  settlementEstimate: corridor.settlementEstimate,
  fixedFee: corridor.fixedFee ?? null,
  limits: { minAmount: corridor.limits.minAmount, maxAmount: corridor.limits.maxAmount },
});

export function registerFxRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'get',
      path: '/v1/corridors',
      operationId: 'listCorridors',
      access: { credentials: ['user', 'api_key', 'agent'], agent: { permission: null, account: 'none' } },
      tags,
      summary: 'Supported payout corridors: currencies, rail, settlement estimate, limits',
      responses: { 200: jsonResponse('Corridors.', corridorListSchema) },
    }),
    (c) => c.json({ data: CORRIDORS.map(presentCorridor) }, 200),
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
      responses: { 200: jsonResponse('Rates.', fxRateListSchema) },
    }),
    async (c) => {
      return c.json({ data: await quotes.listRates(c.get('deps')) }, 200);
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
      const body = c.req.valid('json');
      const input = { ...body, amount: parseAmountParam(body.amount, quotes.quoteAmountCurrency(body)) };
      const deps = c.get('deps');
      const quote = await audited(
        c,
        { action: 'quote.created', objectType: 'quote' },
        (tx) => quotes.createQuote(tx, deps, c.get('actor'), input),
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

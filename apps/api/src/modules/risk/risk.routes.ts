import { dataOf, riskRulesSchema, updateRiskRulesBodySchema } from '@payos/contracts';
import { audit } from '../../http/audit.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import * as service from './risk.service.js';

const tags = ['Risk and reviews'];

export function registerRiskRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'get',
      path: '/v1/risk-rules',
      operationId: 'getRiskRules',
      access: { credentials: ['user', 'api_key'] },
      tags,
      summary: 'The risk rules of this environment, with their thresholds and actions (defaults: all enabled in live, none in test)',
      responses: { 200: jsonResponse('Every built-in rule, as this environment has it.', dataOf(riskRulesSchema)) },
    }),
    async (c) => {
      const environment = c.get('actor').environment;
      return c.json({ data: await inTenant(c, (tx) => service.getRiskRules(tx, environment)) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'patch',
      path: '/v1/risk-rules',
      operationId: 'updateRiskRules',
      access: { credentials: ['user'], role: 'admin' },
      errors: ['amount_must_be_string'],
      tags,
      summary: 'Change risk rules in this environment (owner/admin): enable, action, risk level, thresholds; audited with what changed',
      request: { body: jsonBody(updateRiskRulesBodySchema) },
      responses: { 200: jsonResponse('The rules after the change.', dataOf(riskRulesSchema)) },
    }),
    async (c) => {
      const actor = c.get('actor');
      const patch = c.req.valid('json');
      const rules = await inTenant(c, async (tx) => {
        const { rules, changes } = await service.updateRiskRules(tx, c.get('deps'), actor.environment, patch);
        if (changes) audit(c, tx, 'risk_rules.updated', 'risk_rules', actor.tenantId, null, changes);
        return rules;
      });
      return c.json({ data: rules }, 200);
    },
  );
}

import { dataOf, organizationSettingsSchema, updateOrganizationSettingsBodySchema } from '@payos/contracts';
import { audit } from '../../http/audit.js';
import type { Router } from '../../http/openapi.js';
import { declare } from '../../http/operation.js';
import { jsonBody, jsonResponse } from '../../http/responses.js';
import { inTenant } from '../../http/tenant.js';
import * as service from './settings.service.js';

const tags = ['Organization'];

export function registerSettingsRoutes(app: Router) {
  app.openapi(
    declare({
      method: 'get',
      path: '/v1/organization/settings',
      operationId: 'getOrganizationSettings',
      access: { credentials: ['user', 'api_key'] },
      tags,
      summary: "The organization's settings: this environment's money policies, and how dates and times are shown",
      responses: { 200: jsonResponse('The settings, defaults included.', dataOf(organizationSettingsSchema)) },
    }),
    async (c) => {
      const environment = c.get('actor').environment;
      return c.json({ data: await inTenant(c, (tx) => service.getSettings(tx, environment)) }, 200);
    },
  );

  app.openapi(
    declare({
      method: 'patch',
      path: '/v1/organization/settings',
      operationId: 'updateOrganizationSettings',
      access: { credentials: ['user'], role: 'admin' },
      errors: ['parameter_invalid', 'amount_must_be_string'],
      tags,
      summary: 'Change settings (owner/admin): money policies in this environment, presentation for the organization',
      request: { body: jsonBody(updateOrganizationSettingsBodySchema) },
      responses: { 200: jsonResponse('The settings after the change.', dataOf(organizationSettingsSchema)) },
    }),
    async (c) => {
      const actor = c.get('actor');
      const patch = c.req.valid('json');
      const settings = await inTenant(c, async (tx) => {
        const { settings, changes } = await service.updateSettings(tx, c.get('deps'), actor.environment, patch);
        if (changes) audit(c, tx, 'organization.settings_updated', 'organization', actor.tenantId, null, changes);
        return settings;
      });
      return c.json({ data: settings }, 200);
    },
  );
}

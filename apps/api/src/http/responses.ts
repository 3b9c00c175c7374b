import { z } from '@hono/zod-openapi';

export const errorSchema = z
  .object({
    error: z.object({
      type: z.string().openapi({ example: 'invalid_request_error' }),
      code: z.string().openapi({ example: 'parameter_invalid' }),
      message: z.string().openapi({ example: 'amount: must be a decimal string' }),
      param: z.string().optional().openapi({ example: 'amount' }),
      details: z.record(z.string(), z.unknown()).optional(),
      requestId: z.string().openapi({ example: 'req_5f0c6a1b2c3d4e5f' }),
    }),
  })
  .openapi('Error');

const error = (description: string) => ({ description, content: { 'application/json': { schema: errorSchema } } });

/** The error responses every authenticated route can produce, for the OpenAPI document. */
export const commonErrors = {
  400: error('Invalid request: validation failure, malformed JSON or unknown parameter.'),
  401: error('Missing or invalid credentials.'),
  403: error('The credential is valid but its role does not allow this.'),
  404: error('No such object in this tenant and environment.'),
  429: error('Rate limit exceeded; see Retry-After.'),
} as const;

export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodTypeAny>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});

export const dataOf = <T extends z.ZodTypeAny>(schema: T) => z.object({ data: schema });

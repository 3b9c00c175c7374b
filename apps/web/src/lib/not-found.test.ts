import { NotFoundError, PayOSError } from '@payos/sdk';
import { describe, expect, it } from 'vitest';
import { isNotFound, notFoundReason } from './not-found';

const envelope = (type: string, code: string, message: string) => ({ type, code, message, requestId: 'req_1' }) as never;

describe('a detail page’s unknown id', () => {
  it('is the SDK’s 404 resource_missing, and nothing else', () => {
    expect(isNotFound(new NotFoundError(404, envelope('not_found_error', 'resource_missing', 'No such account.'), new Headers()))).toBe(
      true,
    );
    expect(isNotFound(new PayOSError(500, envelope('api_error', 'api_error', 'Boom.'), new Headers()))).toBe(false);
    expect(isNotFound(new PayOSError(403, envelope('permission_error', 'insufficient_permissions', 'No.'), new Headers()))).toBe(false);
    expect(isNotFound(new TypeError('Failed to fetch'))).toBe(false);
    expect(isNotFound(null)).toBe(false);
  });

  it('names the environment it was looked for in and the other one', () => {
    expect(notFoundReason('test')).toBe(
      'Nothing with this id exists in Test mode. Check the link, or switch to Live if it was made there.',
    );
    expect(notFoundReason('live')).toContain('switch to Test');
  });
});

/**
 * Where the browser reaches the PayOS API before it has a session. Once logged in, the API address
 * comes with the session from /api/session (PAYOS_PUBLIC_API_URL, read at run time), so one build of
 * the dashboard serves any deployment.
 */
export const API_URL = (process.env.NEXT_PUBLIC_API_URL ?? 'http://localhost:4000').replace(/\/$/, '');

import { NextResponse } from 'next/server';
import { securityHeaders } from '@/lib/security-headers';

/**
 * Security headers on every page and route. The browser talks only to the dashboard's own origin —
 * the API included, through the dashboard's /v1 routes (lib/api-proxy.ts) — so `connect-src 'self'`
 * holds at any address the dashboard is opened at.
 */
export function middleware() {
  const response = NextResponse.next();
  const headers = securityHeaders({ isProduction: process.env.NODE_ENV === 'production' });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// Not the build's immutable static files and images; everything else (pages, /api/session, /v1).
export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] };

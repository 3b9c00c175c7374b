import { NextResponse } from 'next/server';
import { API_URL } from '@/lib/config';
import { apiOrigins, securityHeaders } from '@/lib/security-headers';

// Bracket access: read at run time, like the session route (Next inlines dotted NEXT_PUBLIC_* reads).
const env = (name: string) => process.env[name];

/**
 * Security headers on every page and route. The browser talks to the API at the address its session
 * hands it (PAYOS_PUBLIC_API_URL, else NEXT_PUBLIC_API_URL, read at run time — see the session
 * route) and, before it has a session, at the address built into the bundle (API_URL); both are
 * allowed in `connect-src`, computed per request so one build serves any deployment.
 */
export function middleware() {
  const response = NextResponse.next();
  const origins = apiOrigins([env('PAYOS_PUBLIC_API_URL') ?? env('NEXT_PUBLIC_API_URL') ?? 'http://localhost:4000', API_URL]);
  const headers = securityHeaders({ isProduction: process.env.NODE_ENV === 'production', apiOrigins: origins });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// Not the build's immutable static files and images; everything else (pages, /api/session).
export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] };

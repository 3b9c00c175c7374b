import type {
  AuthResult,
  LoginRequest,
  Me,
  RefreshRequest,
  RefreshResult,
  Session,
  SignupRequest,
  UpdateMeRequest,
} from '@payos/contracts';
import type { CallOptions, HttpClient, Operation } from '../client.js';
import type { Paginated } from '../pagination.js';
import type { PageParams } from '../types.js';
import { path } from './path.js';

/** Signup, login and refresh need no credential, and none is sent; nor are they idempotent, so never repeated. */
const PUBLIC: Operation = { isPublic: true, isIdempotent: false };

/**
 * Users' sessions (`/v1/auth`). `signup`, `login` and `refresh` are public: they work on a client
 * made without a credential (`new PayOS({ baseUrl })`). The rest need the user's access token.
 *
 *   const { session } = await new PayOS({ baseUrl }).auth.login({ email, password });
 *   const me = await new PayOS({ baseUrl, accessToken: session.accessToken }).auth.me();
 */
export class Auth {
  readonly sessions: Sessions;

  constructor(private readonly http: HttpClient) {
    this.sessions = new Sessions(http);
  }

  /** Creates an organization with you as its owner, and a first session. */
  signup(input: SignupRequest, options?: CallOptions): Promise<AuthResult> {
    return this.http.post('/v1/auth/signup', input, options, PUBLIC);
  }

  /** A new session: a 15-minute `accessToken` and a `refreshToken` that works once. Wrong password: 401 `invalid_credentials`. */
  login(input: LoginRequest, options?: CallOptions): Promise<AuthResult> {
    return this.http.post('/v1/auth/login', input, options, PUBLIC);
  }

  /**
   * Trades a refresh token for a new pair. Each works once: presenting a used one is 401
   * `refresh_token_reused` and revokes every session of its user — so this call is never retried.
   */
  refresh(input: RefreshRequest, options?: CallOptions): Promise<RefreshResult> {
    return this.http.post('/v1/auth/refresh', input, options, PUBLIC);
  }

  /** Revokes the session of the access token making the call (its refresh token stops working). */
  logout(options?: CallOptions): Promise<void> {
    return this.http.post('/v1/auth/logout', undefined, options, { isIdempotent: false });
  }

  /** The logged-in user, their organization and role. */
  me(options?: CallOptions): Promise<Me> {
    return this.http.get('/v1/auth/me', undefined, options);
  }

  /** Sets your own preferences: `{ locale: 'es-419' }` (`en`, `es-419`, `pt-BR`), or `null` to follow the browser's language. */
  updateMe(input: UpdateMeRequest, options?: CallOptions): Promise<Me> {
    return this.http.patch('/v1/auth/me', input, options);
  }
}

/** The logged-in user's active sessions (`/v1/auth/sessions`). */
export class Sessions {
  constructor(private readonly http: HttpClient) {}

  /** Newest first; `current` marks the session of the access token making the call. */
  list(params: PageParams = {}): Paginated<Session> {
    return this.http.list('/v1/auth/sessions', params);
  }

  /** Revokes one of your sessions (sign out another device). */
  revoke(id: string, options?: CallOptions): Promise<void> {
    return this.http.delete(path`/v1/auth/sessions/${id}`, options);
  }
}

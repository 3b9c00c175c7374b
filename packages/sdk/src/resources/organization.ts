import type {
  AcceptInviteRequest,
  AuthResult,
  ChangeRoleRequest,
  CreatedInvite,
  CreateInviteRequest,
  Invite,
  Member,
  Organization,
  OrganizationSettings,
  UpdateOrganizationRequest,
  UpdateOrganizationSettingsRequest,
} from '@payos/contracts';
import type { CallOptions, HttpClient, RequestOptions } from '../client.js';
import type { Paginated } from '../pagination.js';
import type { PageParams } from '../types.js';
import { path } from './path.js';

/**
 * Your organization (`/v1/organization`), its members and invites. API keys may read the
 * organization; everything else is for users (changing it, members and invites: owner/admin).
 */
export class OrganizationResource {
  readonly members: Members;
  readonly invites: Invites;
  readonly settings: Settings;

  constructor(private readonly http: HttpClient) {
    this.members = new Members(http);
    this.invites = new Invites(http);
    this.settings = new Settings(http);
  }

  get(options?: CallOptions): Promise<Organization> {
    return this.http.get('/v1/organization', undefined, options);
  }

  /** Rename it or set its metadata (owner/admin users). */
  update(input: UpdateOrganizationRequest, options?: CallOptions): Promise<Organization> {
    return this.http.patch('/v1/organization', input, options);
  }
}

/**
 * The organization's settings (`/v1/organization/settings`): this environment's money policies (refunds,
 * disputes, payout returns, scheduled-transfer retries) and the organization's presentation (export date
 * format, locale, timezone). Users and API keys read them; owner/admin users change them.
 */
export class Settings {
  constructor(private readonly http: HttpClient) {}

  /** Defaults included: what a tenant never changed reads as the default. */
  get(options?: CallOptions): Promise<OrganizationSettings> {
    return this.http.get('/v1/organization/settings', undefined, options);
  }

  /** Changes only what is sent: nested objects are merged, arrays replaced. */
  update(input: UpdateOrganizationSettingsRequest, options?: CallOptions): Promise<OrganizationSettings> {
    return this.http.patch('/v1/organization/settings', input, options);
  }
}

/** The organization's users (`/v1/organization/team`). */
export class Members {
  constructor(private readonly http: HttpClient) {}

  /** Newest first. */
  list(params: PageParams = {}): Paginated<Member> {
    return this.http.list('/v1/organization/team', params);
  }

  /** Owner/admin users, never above their own role; the last owner stays an owner (`last_owner`). */
  changeRole(userId: string, input: ChangeRoleRequest, options?: CallOptions): Promise<Member> {
    return this.http.patch(path`/v1/organization/team/${userId}`, input, options);
  }

  /** Removes the member and revokes their sessions (owner/admin users; not yourself, not the last owner). */
  remove(userId: string, options?: CallOptions): Promise<void> {
    return this.http.delete(path`/v1/organization/team/${userId}`, options);
  }
}

/** Invites to join the organization (`/v1/organization/team/invites`). */
export class Invites {
  constructor(private readonly http: HttpClient) {}

  /** Pending invites: not accepted, not expired (owner/admin users). */
  list(params: PageParams = {}): Paginated<Invite> {
    return this.http.list('/v1/organization/team/invites', params);
  }

  /** The `inviteToken` is in this response only: send it to the invitee (owner/admin users; not above your own role). */
  create(input: CreateInviteRequest, options?: RequestOptions): Promise<CreatedInvite> {
    return this.http.post('/v1/organization/team/invites', input, options);
  }

  /**
   * Public (`POST /v1/auth/accept-invite`): the invitee joins with the token, a name and a password,
   * and gets a first session. Works on a client without a credential; none is sent.
   */
  accept(input: AcceptInviteRequest, options?: CallOptions): Promise<AuthResult> {
    return this.http.post('/v1/auth/accept-invite', input, options, { isPublic: true, isIdempotent: false });
  }
}

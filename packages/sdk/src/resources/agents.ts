import type {
  Agent,
  AgentActivity,
  AgentLimits,
  AgentWithToken,
  CreateAgentRequest,
  UpdateAgentRequest,
  VerificationRequest,
} from '@payos/contracts';
import type { HttpClient, RequestOptions } from '../client.js';
import type { Paginated } from '../pagination.js';
import type { ListAgentActivityParams, ListAgentsParams } from '../types.js';
import { path } from './path.js';

/** AI agents acting for business accounts within their KYA tier and limits (`/v1/agents`). */
export class Agents {
  constructor(private readonly http: HttpClient) {}

  /** The `token` (`agent_…`) is in this response only. */
  create(input: CreateAgentRequest, options?: RequestOptions): Promise<AgentWithToken> {
    return this.http.post('/v1/agents', input, options);
  }

  list(params: ListAgentsParams = {}): Paginated<Agent> {
    return this.http.list('/v1/agents', params);
  }

  get(id: string, options?: RequestOptions): Promise<Agent> {
    return this.http.get(path`/v1/agents/${id}`, undefined, options);
  }

  update(id: string, input: UpdateAgentRequest, options?: RequestOptions): Promise<Agent> {
    return this.http.patch(path`/v1/agents/${id}`, input, options);
  }

  /** Its token stops working at once. */
  delete(id: string, options?: RequestOptions): Promise<Agent> {
    return this.http.delete(path`/v1/agents/${id}`, options);
  }

  /** Set the KYA tier. Owner/admin users only: an API key gets a PermissionError. */
  verify(id: string, input: VerificationRequest, options?: RequestOptions): Promise<Agent> {
    return this.http.post(path`/v1/agents/${id}/verify`, input, options);
  }

  suspend(id: string, options?: RequestOptions): Promise<Agent> {
    return this.http.post(path`/v1/agents/${id}/suspend`, undefined, options);
  }

  activate(id: string, options?: RequestOptions): Promise<Agent> {
    return this.http.post(path`/v1/agents/${id}/activate`, undefined, options);
  }

  /** A new token (in this response only); the old one stops working at once. */
  rotateToken(id: string, options?: RequestOptions): Promise<AgentWithToken> {
    return this.http.post(path`/v1/agents/${id}/rotate-token`, undefined, options);
  }

  /** KYA tier, own and account limits, the effective one, usage and what remains (USD). */
  limits(id: string, options?: RequestOptions): Promise<AgentLimits> {
    return this.http.get(path`/v1/agents/${id}/limits`, undefined, options);
  }

  activity(id: string, params: ListAgentActivityParams = {}): Paginated<AgentActivity> {
    return this.http.list(path`/v1/agents/${id}/activity`, params);
  }
}

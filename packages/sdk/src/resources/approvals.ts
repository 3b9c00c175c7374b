import type {
  Approval,
  ApprovalPolicy,
  CreateApprovalPolicyRequest,
  DenyTransferRequest,
  UpdateApprovalPolicyRequest,
} from '@payos/contracts';
import type { HttpClient, RequestOptions } from '../client.js';
import type { Paginated } from '../pagination.js';
import type { ListApprovalsParams, PageParams } from '../types.js';
import { path } from './path.js';

/**
 * Approval policies (`/v1/approval-policies`, owners and admins signed in): which transfers wait, held,
 * for people to approve them — by kind, USD amount and who started them — and how many of which role.
 */
export class ApprovalPolicies {
  constructor(private readonly http: HttpClient) {}

  create(input: CreateApprovalPolicyRequest, options?: RequestOptions): Promise<ApprovalPolicy> {
    return this.http.post('/v1/approval-policies', input, options);
  }

  get(id: string, options?: RequestOptions): Promise<ApprovalPolicy> {
    return this.http.get(path`/v1/approval-policies/${id}`, undefined, options);
  }

  /** Newest first. */
  list(params: PageParams = {}): Paginated<ApprovalPolicy> {
    return this.http.list('/v1/approval-policies', params);
  }

  /** Transfers already waiting keep what the policy asked when they were created. */
  update(id: string, input: UpdateApprovalPolicyRequest, options?: RequestOptions): Promise<ApprovalPolicy> {
    return this.http.patch(path`/v1/approval-policies/${id}`, input, options);
  }

  /** Transfers already waiting still need their approvals. */
  delete(id: string, options?: RequestOptions): Promise<ApprovalPolicy> {
    return this.http.delete(path`/v1/approval-policies/${id}`, options);
  }
}

/**
 * Approvals (`/v1/approvals`, users signed in): a transfer, schedule or stream waiting in
 * `requires_approval`, with its decisions so far and whether the caller may decide it. Decide here,
 * whatever the object (a transfer's also with `transfers.approve` / `transfers.deny`).
 */
export class Approvals {
  constructor(private readonly http: HttpClient) {}

  /** With its object (transfer, schedule or stream) and decisions. */
  get(id: string, options?: RequestOptions): Promise<Approval> {
    return this.http.get(path`/v1/approvals/${id}`, undefined, options);
  }

  /** Newest first. Without `status`, the inbox: the pending approvals the caller's role may decide. */
  list(params: ListApprovalsParams = {}): Paginated<Approval> {
    return this.http.list('/v1/approvals', params);
  }

  /** Approve; the last approval its policy asks for moves the object on. Returns the approval with its object after the decision. */
  approve(id: string, options?: RequestOptions): Promise<Approval> {
    return this.http.post(path`/v1/approvals/${id}/approve`, undefined, options);
  }

  /** Deny: the object ends `denied` (a transfer's hold voided, a stream's funding refunded). */
  deny(id: string, input: DenyTransferRequest, options?: RequestOptions): Promise<Approval> {
    return this.http.post(path`/v1/approvals/${id}/deny`, input, options);
  }
}

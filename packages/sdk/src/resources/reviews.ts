import type {
  AssignReviewRequest,
  CreateReviewRequest,
  Review,
  ReviewDetail,
  ReviewStats,
  RiskRules,
  UpdateRiskRulesRequest,
} from '@payos/contracts';
import type { CallOptions, HttpClient, RequestOptions } from '../client.js';
import type { Paginated } from '../pagination.js';
import type { AddReviewNoteRequest, ListReviewsParams, ReviewDecisionRequest, ReviewRequiredNoteRequest } from '../types.js';
import { path } from './path.js';

/**
 * Risk rules (`/v1/risk-rules`): the built-in checks every transfer of this environment goes through,
 * with their thresholds, risk levels and actions (flag, hold for review, block). Users and API keys read
 * them; owner/admin users change them.
 */
export class RiskRulesResource {
  constructor(private readonly http: HttpClient) {}

  /** Every built-in rule, in a fixed order, as this environment has it (defaults included). */
  get(options?: CallOptions): Promise<RiskRules> {
    return this.http.get('/v1/risk-rules', undefined, options);
  }

  /** Changes only the rules and fields sent; answers every rule after the change. */
  update(input: UpdateRiskRulesRequest, options?: CallOptions): Promise<RiskRules> {
    return this.http.patch('/v1/risk-rules', input, options);
  }
}

/**
 * The review queue (`/v1/reviews`): what risk rules found and people's own flags. Users and API keys
 * read it and flag; admins and owners (signed in) assign, decide and escalate; members add notes. An
 * item that holds its transfer (`holdsTransfer`) releases it when approved and voids it when rejected.
 */
export class Reviews {
  constructor(private readonly http: HttpClient) {}

  /** Flag an account or a transfer (a manual review item: nothing is held). */
  create(input: CreateReviewRequest, options?: RequestOptions): Promise<ReviewDetail> {
    return this.http.post('/v1/reviews', input, options);
  }

  /** With its evidence, notes, transfer and the account's recent transfers. */
  get(id: string, options?: RequestOptions): Promise<ReviewDetail> {
    return this.http.get(path`/v1/reviews/${id}`, undefined, options);
  }

  /** Newest first; filters on the server. */
  list(params: ListReviewsParams = {}): Paginated<Review> {
    return this.http.list('/v1/reviews', params);
  }

  /** Counts by status, active ones by risk level, overdue. */
  stats(options?: RequestOptions): Promise<ReviewStats> {
    return this.http.get('/v1/reviews/stats', undefined, options);
  }

  /** To an admin or owner (default: you); an open item moves to in_review. */
  assign(id: string, input?: AssignReviewRequest, options?: RequestOptions): Promise<ReviewDetail> {
    return this.http.post(path`/v1/reviews/${id}/assign`, input, options);
  }

  /** One holding a transfer releases it once no other review of it is open. */
  approve(id: string, input?: ReviewDecisionRequest, options?: RequestOptions): Promise<ReviewDetail> {
    return this.http.post(path`/v1/reviews/${id}/approve`, input, options);
  }

  /** The note is required; one holding a transfer voids it (`rejected`). */
  reject(id: string, input: ReviewRequiredNoteRequest, options?: RequestOptions): Promise<ReviewDetail> {
    return this.http.post(path`/v1/reviews/${id}/reject`, input, options);
  }

  /** An open or in-review item; the note, if any, joins its notes. */
  escalate(id: string, input?: ReviewDecisionRequest, options?: RequestOptions): Promise<ReviewDetail> {
    return this.http.post(path`/v1/reviews/${id}/escalate`, input, options);
  }

  /** Nothing to act on (the note is required). An item holding its transfer is approved or rejected instead. */
  dismiss(id: string, input: ReviewRequiredNoteRequest, options?: RequestOptions): Promise<ReviewDetail> {
    return this.http.post(path`/v1/reviews/${id}/dismiss`, input, options);
  }

  /** Whatever its status. */
  addNote(id: string, input: AddReviewNoteRequest, options?: RequestOptions): Promise<ReviewDetail> {
    return this.http.post(path`/v1/reviews/${id}/notes`, input, options);
  }
}

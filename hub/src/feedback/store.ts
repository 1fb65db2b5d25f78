import type { Page, PageRequest } from '../paging.ts';
import type { StationScope } from '../scope.ts';
import type { FeedbackCase, FeedbackChange, FeedbackStatus, FeedbackSummary } from './schema.ts';

export interface FeedbackQuery extends StationScope {
  /** Reported in [fromIso, toIso); either bound optional. */
  fromIso?: string;
  toIso?: string;
  status?: FeedbackStatus;
}

/** Feedback cases (opened by sync from the kiosks' reports). Engine-neutral; every method is asynchronous. */
export interface FeedbackStore {
  /** A page of cases, newest reported first. */
  list(query: FeedbackQuery, page: PageRequest): Promise<Page<FeedbackCase>>;
  /** Counts and the mean time to resolve over the cases in scope and range (the status filter does not apply). */
  summary(query: Omit<FeedbackQuery, 'status'>): Promise<FeedbackSummary>;
  get(stationId: string, feedbackId: string): Promise<FeedbackCase | undefined>;
  /** undefined when there is no such case. */
  update(stationId: string, feedbackId: string, change: FeedbackChange, at: string): Promise<FeedbackCase | undefined>;
  /** Cases of the station with a reply, updated at or after `since`, oldest first: the bundle's feedbackReplies. */
  replies(stationId: string, since: string): Promise<FeedbackCase[]>;
}

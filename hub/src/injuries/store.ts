import type { Page, PageRequest } from '../paging.ts';
import type { AccessEntry, CaseAction, Enterprise, InjuryCase, Outcome } from './schema.ts';

/** Which cases a read covers: a case officer's district (with its city and province where set). */
export interface CaseScope {
  district?: string;
  city?: string;
  province?: string;
}

/** A case as stored: its record and its sealed personal fields (null once erased). */
export interface StoredCase extends InjuryCase {
  personal: Uint8Array | null;
}

export interface NewActivity {
  seq: number;
  at: string;
  actor: string;
  action: CaseAction;
  /** Never personal: steps, dates, reasons, what was given. */
  details: Record<string, unknown>;
  /** A sealed note, or null. */
  note: Uint8Array | null;
}

export interface StoredActivity extends NewActivity {
  caseId: string;
}

export interface NewCase {
  record: InjuryCase;
  personal: Uint8Array;
  first: NewActivity;
}

/** Cases in a period, counted by everything the analysis breaks them down by. */
export interface CaseCountRow {
  industry: string;
  post: string;
  cause: string;
  enterpriseId: string | null;
  enterpriseName: string;
  /** 'YYYY-MM' of the injury. */
  month: string;
  entry: string;
  eligible: boolean | null;
  visited: boolean;
  followedUp: boolean;
  outcome: Outcome | null;
  cases: number;
}

export interface AreaRow {
  district: string;
  city: string | null;
  province: string | null;
}

/** Injury cases, their activity, the enterprises list and the access log. Engine-neutral, all asynchronous. */
export interface InjuryStore {
  /** Each case with its first activity entry, all or none: false (and nothing written) when an id is taken. */
  insert(cases: readonly NewCase[]): Promise<boolean>;
  get(caseId: string): Promise<StoredCase | undefined>;
  /**
   * The case's next state with its activity entry, written together only while the stored case is still at
   * `next.version - 1` (two officers at once: the second is told). false when it moved on (or is gone).
   */
  update(next: InjuryCase, entry: NewActivity): Promise<boolean>;
  /** The case's activity, oldest first. */
  activity(caseId: string): Promise<StoredActivity[]>;
  /**
   * Open cases in the order they need work on `today` (a local day): overdue first (oldest due first), due
   * today, awaiting screening, awaiting a visit, then those not yet due.
   */
  queue(scope: CaseScope, today: string, page: PageRequest): Promise<Page<InjuryCase>>;
  /** Closed cases, latest closed first. */
  closed(scope: CaseScope, page: PageRequest): Promise<Page<InjuryCase>>;
  /** Cases injured on local days [from, to], counted by every breakdown at once. */
  counts(scope: CaseScope, from: string, to: string): Promise<CaseCountRow[]>;
  logAccess(entry: Omit<AccessEntry, 'id'>): Promise<void>;
  /** Newest first. */
  accessLog(page: PageRequest): Promise<Page<AccessEntry>>;
  /**
   * Erases the personal fields, notes and place of every case closed before `cutoff` and not yet erased,
   * appending an `erased` entry by `hub` to each; one transaction. The ids erased.
   */
  eraseClosedBefore(cutoff: string, at: string): Promise<string[]>;
  /** false when the name is taken. */
  insertEnterprise(enterprise: Enterprise): Promise<boolean>;
  getEnterprise(enterpriseId: string): Promise<Enterprise | undefined>;
  enterpriseByName(name: string): Promise<Enterprise | undefined>;
  /** By name, at most `limit`. */
  enterprises(limit: number): Promise<Enterprise[]>;
  /** The districts of the registered stations (not retired), for the declaration form. */
  areas(): Promise<AreaRow[]>;
}

export const QUEUE_LIST = 'injury-queue';
export const CLOSED_LIST = 'injury-closed';
export const ACCESS_LIST = 'injury-access';

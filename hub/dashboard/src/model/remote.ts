/**
 * State of what the dashboard reads from the hub, as signals: the last good answer, the failure of the last
 * try, and whether a read is under way. A read started later always wins over one still under way, so a slow
 * answer for last month never replaces this month's.
 */
import { batch, computed, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import { type ApiError, asApiError } from './api.ts';

/**
 * Runs one read and lands its answer, or its failure, only while `current()` says it is still the read that
 * counts; `busy` is on meanwhile (whoever supersedes it takes over `busy`).
 */
export async function settle<T>(
  read: () => Promise<T>,
  current: () => boolean,
  busy: Signal<boolean>,
  failed: Signal<ApiError | null>,
  land: (answer: T) => void,
): Promise<void> {
  busy.value = true;
  try {
    const answer = await read();
    if (!current()) return;
    batch(() => {
      land(answer);
      failed.value = null;
    });
  } catch (failure) {
    if (current()) failed.value = asApiError(failure);
  } finally {
    if (current()) busy.value = false;
  }
}

/** Reads of which only the latest matters: `start` supersedes every read before it, `join` goes with the latest. */
function readGate() {
  let generation = 0;
  return {
    start(): () => boolean {
      const mine = ++generation;
      return () => mine === generation;
    },
    join(): () => boolean {
      const mine = generation;
      return () => mine === generation;
    },
  };
}

export interface Remote<T> {
  /** The last good answer; kept while a new read is under way or after it failed. */
  data: ReadonlySignal<T | null>;
  error: ReadonlySignal<ApiError | null>;
  loading: ReadonlySignal<boolean>;
  /** Reads again (also the retry after a failure). */
  load(): Promise<void>;
  /** Forgets the answer, for a read of something else (another station): no stale figures meanwhile. */
  clear(): void;
}

export function remote<T>(read: () => Promise<T>): Remote<T> {
  const data = signal<T | null>(null);
  const error = signal<ApiError | null>(null);
  const loading = signal(false);
  const gate = readGate();
  return {
    data,
    error,
    loading,
    load: () =>
      settle(read, gate.start(), loading, error, (answer) => {
        data.value = answer;
      }),
    clear() {
      gate.start();
      batch(() => {
        data.value = null;
        error.value = null;
        loading.value = false;
      });
    },
  };
}

/** How many rows the dashboard asks for per page (the hub allows up to MAX_LIST_READ). */
export const LIST_PAGE_SIZE = 50;
const MAX_LIST_READ = 500;

/** `limit=…&before=…` of a list route. */
export const pageParams = (limit: number, before: string | undefined): string =>
  before === undefined ? `limit=${limit}` : `limit=${limit}&before=${encodeURIComponent(before)}`;

/** A keyset-paginated list: the newest page first, then "more" for the page after the last one shown. */
export interface PagedList<T, P> {
  items: ReadonlySignal<readonly T[]>;
  /** The latest page's whole answer (its summary); null before the first. */
  page: ReadonlySignal<P | null>;
  hasMore: ReadonlySignal<boolean>;
  /** The newest page is being read. */
  loading: ReadonlySignal<boolean>;
  /** The newest page could not be read. */
  error: ReadonlySignal<ApiError | null>;
  loadingMore: ReadonlySignal<boolean>;
  /** The following page could not be read; what is shown stays. */
  moreError: ReadonlySignal<ApiError | null>;
  /** Reads the newest page, replacing what is shown (also the retry). */
  load(): Promise<void>;
  /**
   * Reads again as many rows as are shown (a page at least), so a change the hub announced shows without
   * folding back the pages the operator opened.
   */
  refresh(): Promise<void>;
  /** Reads the page after the last one shown (also its retry). */
  more(): Promise<void>;
  /** An item an action changed, put in its place. */
  replace(item: T): void;
  /** An item an action removed. */
  remove(key: string): void;
}

export function pagedList<T, P extends { next?: string | undefined }>(options: {
  read(before: string | undefined, limit: number): Promise<P>;
  itemsOf(page: P): readonly T[];
  keyOf(item: T): string;
}): PagedList<T, P> {
  const items = signal<readonly T[]>([]);
  const page = signal<P | null>(null);
  const next = signal<string | undefined>(undefined);
  const loading = signal(false);
  const error = signal<ApiError | null>(null);
  const loadingMore = signal(false);
  const moreError = signal<ApiError | null>(null);
  // A "more" that lands after a newer first page would append to the wrong list: it joins the first page's read.
  const gate = readGate();

  const first = (limit: number) => {
    loadingMore.value = false;
    return settle(
      () => options.read(undefined, limit),
      gate.start(),
      loading,
      error,
      (answer) => {
        items.value = options.itemsOf(answer);
        page.value = answer;
        next.value = answer.next;
        moreError.value = null;
      },
    );
  };

  return {
    items,
    page,
    hasMore: computed(() => next.value !== undefined),
    loading,
    error,
    loadingMore,
    moreError,
    load: () => first(LIST_PAGE_SIZE),
    refresh: () => first(Math.min(MAX_LIST_READ, Math.max(LIST_PAGE_SIZE, items.value.length))),
    async more() {
      const before = next.value;
      if (before === undefined || loadingMore.value) return;
      await settle(
        () => options.read(before, LIST_PAGE_SIZE),
        gate.join(),
        loadingMore,
        moreError,
        (answer) => {
          items.value = [...items.value, ...options.itemsOf(answer)];
          page.value = answer;
          next.value = answer.next;
        },
      );
    },
    replace(item) {
      const key = options.keyOf(item);
      items.value = items.value.map((x) => (options.keyOf(x) === key ? item : x));
    },
    remove(key) {
      items.value = items.value.filter((x) => options.keyOf(x) !== key);
    },
  };
}

/** What became of an action (a save, an acknowledgement, a delete), shown next to its control. */
export type ActionState = { status: 'pending' } | { status: 'done' } | { status: 'failed'; error: ApiError };

/** Actions keyed by what they act on, so each form or row shows its own outcome. */
export interface Actions {
  states: ReadonlySignal<ReadonlyMap<string, ActionState>>;
  /** Runs `act` for `key`, recording its outcome; true when it succeeded. */
  run(key: string, act: () => Promise<unknown>): Promise<boolean>;
  /** Forgets an outcome that no longer applies (a form opened afresh). */
  forget(key: string): void;
}

export function actions(): Actions {
  const states = signal<ReadonlyMap<string, ActionState>>(new Map());
  const set = (key: string, state: ActionState) => {
    states.value = new Map(states.value).set(key, state);
  };
  return {
    states,
    async run(key, act) {
      if (states.value.get(key)?.status === 'pending') return false;
      set(key, { status: 'pending' });
      try {
        await act();
        set(key, { status: 'done' });
        return true;
      } catch (failure) {
        set(key, { status: 'failed', error: asApiError(failure) });
        return false;
      }
    },
    forget(key) {
      if (!states.value.has(key)) return;
      const next = new Map(states.value);
      next.delete(key);
      states.value = next;
    },
  };
}

import { computed, signal } from '@preact/signals';
import { addDays, localDayOf } from '@yizhan/shared';
import { type SessionView, sessionView } from '../../../src/operators/schema.ts';
import { type ApiError, asApiError, command, get, request } from './api.ts';

/** The signed-in operator and the hub's zone; null before sign-in, undefined while we do not know yet. */
export const operator = signal<SessionView | null | undefined>(undefined);
/** Why the session could not be looked up (the hub away, not a missing sign-in); the page offers a retry. */
export const sessionError = signal<ApiError | null>(null);
export const loginError = signal<ApiError | null>(null);
export const signOutError = signal<ApiError | null>(null);

export const isAdmin = () => operator.value?.role === 'admin';

/**
 * The hub's zone: local days ("today", a report's range) and times on every page are the hub's, whatever zone
 * the office's computer is set to. Before sign-in, when nothing shows a day, the browser's own.
 */
export const hubZone = computed(() => operator.value?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
const localDay = computed(() => localDayOf(hubZone.value));
/** Today's date (`YYYY-MM-DD`) in the hub's zone. */
export const today = (): string => localDay.value(Date.now());

/** Local days, both ends included. */
export interface DayRange {
  from: string;
  to: string;
}

/** The last `n` local days, today included. */
export function lastDays(n: number): DayRange {
  const to = today();
  return { from: addDays(to, 1 - n), to };
}

export async function restoreSession(): Promise<void> {
  sessionError.value = null;
  try {
    operator.value = await get('/session', sessionView);
  } catch (failure) {
    const error = asApiError(failure);
    if (error.kind === 'signed-out') operator.value = null;
    else sessionError.value = error;
  }
}

export async function signIn(username: string, password: string): Promise<void> {
  try {
    operator.value = await request('POST', '/session', sessionView, { username, password });
    loginError.value = null;
  } catch (failure) {
    loginError.value = asApiError(failure);
  }
}

export async function signOut(): Promise<void> {
  try {
    await command('DELETE', '/session');
    signOutError.value = null;
    operator.value = null;
  } catch (failure) {
    signOutError.value = asApiError(failure);
  }
}

/** The hub said the session is over (it expired): back to the sign-in page. */
export function sessionEnded(): void {
  loginError.value = null;
  operator.value = null;
}

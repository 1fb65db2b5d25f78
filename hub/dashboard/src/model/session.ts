import { signal } from '@preact/signals';
import { ApiError, api } from './api.ts';
import type { Operator } from './types.ts';

/** The signed-in operator; null before sign-in, undefined while we do not know yet. */
export const operator = signal<Operator | null | undefined>(undefined);
export const loginError = signal<'failed' | 'throttled' | null>(null);

export const isAdmin = () => operator.value?.role === 'admin';

export async function restoreSession(): Promise<void> {
  try {
    operator.value = await api<Operator>('GET', '/session');
  } catch {
    operator.value = null;
  }
}

export async function signIn(username: string, password: string): Promise<void> {
  try {
    operator.value = await api<Operator>('POST', '/session', { username, password });
    loginError.value = null;
  } catch (error) {
    loginError.value = error instanceof ApiError && error.status === 429 ? 'throttled' : 'failed';
  }
}

export async function signOut(): Promise<void> {
  await api('DELETE', '/session');
  operator.value = null;
}

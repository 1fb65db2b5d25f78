/**
 * The hub's REST API as the dashboard calls it: same origin, session cookie, JSON in and out. Every answer is
 * checked against the hub's own zod schema for it; an answer that does not fit is a failure like a refused
 * request, so no page ever renders half a record.
 */

import type { ErrorBody } from '@yizhan/shared';
import type { z } from 'zod';

/** Why a request failed, as the page tells the operator (each kind has its words in i18n.ts). */
export type FailureKind =
  /** The hub did not answer: the network or the hub is down. */
  | 'unreachable'
  /** The session ended (expired or signed out elsewhere). */
  | 'signed-out'
  | 'forbidden'
  | 'not-found'
  | 'throttled'
  /** Any other 4xx: the hub refused what was asked; its message says why. */
  | 'refused'
  /** A 5xx. */
  | 'hub-failed'
  /** An answer that is not JSON or does not fit its schema. */
  | 'invalid-answer'
  /** A fault of the dashboard itself while handling an answer. */
  | 'unexpected';

export class ApiError extends Error {
  constructor(
    readonly kind: FailureKind,
    /** The HTTP status; 0 when there was no answer. */
    readonly status: number,
    /** The hub's `YZ_ERR_…` code, or the dashboard's own for failures without one. */
    readonly code: string,
    message: string,
    /** The fields the hub refused, each with its reason (a form shows them by their field). */
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

function kindOf(status: number): FailureKind {
  if (status === 401) return 'signed-out';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'throttled';
  return status >= 500 ? 'hub-failed' : 'refused';
}

async function send(method: string, path: string, body: unknown): Promise<Response> {
  try {
    return await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError('unreachable', 0, 'YZ_ERR_UNREACHABLE', error instanceof Error ? error.message : String(error));
  }
}

/** The hub's refusal (`{ error: { code, message, issues? } }`), read defensively: a proxy may answer instead. */
async function failure(res: Response): Promise<ApiError> {
  const data: unknown = await res.json().catch(() => undefined);
  const error = (data as Partial<ErrorBody> | undefined)?.error;
  const message = typeof error?.message === 'string' ? error.message : res.statusText;
  const issues = Array.isArray(error?.issues)
    ? error.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
    : '';
  return new ApiError(
    kindOf(res.status),
    res.status,
    typeof error?.code === 'string' ? error.code : `HTTP_${res.status}`,
    issues ? `${message} (${issues})` : message,
    Array.isArray(error?.issues) ? error.issues : [],
  );
}

/** A request whose answer must fit `schema`; resolves to the parsed answer or rejects with an ApiError. */
export async function request<S extends z.ZodType>(
  method: string,
  path: string,
  schema: S,
  body?: unknown,
): Promise<z.output<S>> {
  const res = await send(method, path, body);
  if (!res.ok) throw await failure(res);
  let data: unknown;
  try {
    data = await res.json();
  } catch {
    throw new ApiError('invalid-answer', res.status, 'YZ_ERR_NOT_JSON', `${method} ${path}: the answer is not JSON`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw answerShapeError(`${method} ${path}`, parsed.error, res.status);
  return parsed.data;
}

/** An answer that did not fit its schema, naming where: `GET /alarms: alarms.3.status: Invalid option…`. */
export function answerShapeError(what: string, error: z.ZodError, status = 0): ApiError {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return new ApiError('invalid-answer', status, 'YZ_ERR_ANSWER_SHAPE', `${what}: ${where}: ${issue?.message}`);
}

export const get = <S extends z.ZodType>(path: string, schema: S) => request('GET', path, schema);

/** A request answered with no body (204), such as a delete. */
export async function command(method: string, path: string, body?: unknown): Promise<void> {
  const res = await send(method, path, body);
  if (!res.ok) throw await failure(res);
}

/** A rejection as an ApiError: anything else thrown on the way (a bug) is kept as its message. */
export const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError
    ? error
    : new ApiError('unexpected', 0, 'YZ_ERR_DASHBOARD', error instanceof Error ? error.message : String(error));

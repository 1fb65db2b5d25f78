/** The hub's REST API as the dashboard calls it: same origin, session cookie, JSON in and out. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string } }).error;
    throw new ApiError(res.status, error?.code ?? 'YZ_ERR_INTERNAL', error?.message ?? res.statusText);
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);

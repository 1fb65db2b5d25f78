/** Coded errors; the code says what went wrong, the HTTP status what a client should make of it. */
export const ERROR_STATUS = {
  YZ_ERR_CONFIG: 500,
  YZ_ERR_BAD_REQUEST: 400,
  YZ_ERR_NOT_FOUND: 404,
  YZ_ERR_HUB: 502,
  /** The station's database cannot be written (disk full, I/O error). */
  YZ_ERR_STORAGE: 503,
  /** Walk-ins faster than people arrive (visits.walkInsPerMinute): nothing was counted. */
  YZ_ERR_TOO_FAST: 429,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class AgentError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AgentError';
    this.status = ERROR_STATUS[code];
  }
}

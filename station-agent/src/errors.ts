/**
 * Coded errors; the code says what went wrong, the HTTP status what a client should make of it. The shared
 * edge's error handler (`@yizhan/shared/http`) sends them as `{ error: { code, message, issues? } }`.
 */
import { CodedError, EDGE_ERROR_STATUS } from '@yizhan/shared/http';

export const ERROR_STATUS = {
  ...EDGE_ERROR_STATUS,
  YZ_ERR_CONFIG: 500,
  YZ_ERR_HUB: 502,
  /** The station's database cannot be written (disk full, I/O error). */
  YZ_ERR_STORAGE: 503,
  /** Walk-ins faster than people arrive (visits.walkInsPerMinute): nothing was counted. */
  YZ_ERR_TOO_FAST: 429,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class AgentError extends CodedError<ErrorCode> {
  constructor(code: ErrorCode, message: string) {
    super(code, ERROR_STATUS[code], message);
    this.name = 'AgentError';
  }
}

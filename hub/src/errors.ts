/**
 * Expected failures are coded errors carrying the HTTP status they map to; the shared edge's error handler
 * (`@yizhan/shared/http`) turns them into `{ error: { code, message, issues? } }`.
 */
import type { InputIssue } from '@yizhan/shared';
import { CodedError, EDGE_ERROR_STATUS } from '@yizhan/shared/http';

export type { InputIssue };

export const ERROR_STATUS = {
  ...EDGE_ERROR_STATUS,
  YZ_ERR_INVALID_INPUT: 400,
  YZ_ERR_UNAUTHENTICATED: 401,
  YZ_ERR_BAD_CREDENTIALS: 401,
  YZ_ERR_FORBIDDEN_STATION: 403,
  YZ_ERR_FORBIDDEN_DISTRICT: 403,
  YZ_ERR_MEMBER_REVOKED: 403,
  YZ_ERR_FORBIDDEN_ROLE: 403,
  YZ_ERR_CROSS_SITE: 403,
  YZ_ERR_UNKNOWN_STATION: 404,
  YZ_ERR_STATION_EXISTS: 409,
  YZ_ERR_OPERATOR_EXISTS: 409,
  YZ_ERR_INTEGRATION_EXISTS: 409,
  YZ_ERR_STATION_RETIRED: 409,
  YZ_ERR_SCHEDULE_EXISTS: 409,
  YZ_ERR_CASE_CHANGED: 409,
  YZ_ERR_CASE_STATE: 409,
  YZ_ERR_ENTERPRISE_EXISTS: 409,
  YZ_ERR_TOO_MANY_ATTEMPTS: 429,
  /** The station is not on its live channel: it cannot be asked anything right now. */
  YZ_ERR_STATION_OFFLINE: 503,
  /** The station is on its live channel but did not answer in time. */
  YZ_ERR_STATION_NO_ANSWER: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class HubError extends CodedError<ErrorCode> {
  constructor(code: ErrorCode, message: string, issues?: readonly InputIssue[]) {
    super(code, ERROR_STATUS[code], message, issues);
    this.name = 'HubError';
  }
}

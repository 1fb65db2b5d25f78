/**
 * Expected failures are coded errors carrying the HTTP status they map to; the root error handler
 * (app.ts) turns them into `{ error: { code, message, issues? } }`.
 */
export const ERROR_STATUS = {
  YZ_ERR_INVALID_BODY: 400,
  YZ_ERR_INVALID_QUERY: 400,
  YZ_ERR_INVALID_PARAMS: 400,
  YZ_ERR_INVALID_JSON: 400,
  YZ_ERR_BAD_REQUEST: 400,
  YZ_ERR_INVALID_INPUT: 400,
  YZ_ERR_UNAUTHENTICATED: 401,
  YZ_ERR_BAD_CREDENTIALS: 401,
  YZ_ERR_FORBIDDEN_STATION: 403,
  YZ_ERR_FORBIDDEN_DISTRICT: 403,
  YZ_ERR_MEMBER_REVOKED: 403,
  YZ_ERR_FORBIDDEN_ROLE: 403,
  YZ_ERR_CROSS_SITE: 403,
  YZ_ERR_UNKNOWN_STATION: 404,
  YZ_ERR_NOT_FOUND: 404,
  YZ_ERR_STATION_EXISTS: 409,
  YZ_ERR_OPERATOR_EXISTS: 409,
  YZ_ERR_INTEGRATION_EXISTS: 409,
  YZ_ERR_STATION_RETIRED: 409,
  YZ_ERR_SCHEDULE_EXISTS: 409,
  YZ_ERR_CASE_CHANGED: 409,
  YZ_ERR_CASE_STATE: 409,
  YZ_ERR_ENTERPRISE_EXISTS: 409,
  YZ_ERR_BODY_TOO_LARGE: 413,
  YZ_ERR_URI_TOO_LONG: 414,
  YZ_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  YZ_ERR_TOO_MANY_ATTEMPTS: 429,
  YZ_ERR_INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface InputIssue {
  path: string;
  message: string;
}

export class HubError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: readonly InputIssue[],
  ) {
    super(message);
    this.name = 'HubError';
    this.statusCode = ERROR_STATUS[code];
  }
}

import type { InputIssue } from '../error-body.ts';

/**
 * The refusals the shared HTTP edge itself makes (a body that breaks its schema, bad JSON, an unknown route):
 * each server's own table of codes starts from these.
 */
export const EDGE_ERROR_STATUS = {
  YZ_ERR_INVALID_BODY: 400,
  YZ_ERR_INVALID_QUERY: 400,
  YZ_ERR_INVALID_PARAMS: 400,
  YZ_ERR_INVALID_JSON: 400,
  YZ_ERR_BAD_REQUEST: 400,
  YZ_ERR_NOT_FOUND: 404,
  YZ_ERR_BODY_TOO_LARGE: 413,
  YZ_ERR_URI_TOO_LONG: 414,
  YZ_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  YZ_ERR_INTERNAL: 500,
} as const;
export type EdgeErrorCode = keyof typeof EDGE_ERROR_STATUS;

/**
 * An expected failure: a code for programs, the HTTP status it maps to, and for bad input the fields at fault.
 * The edge's error handler sends it as `{ error: { code, message, issues? } }`; the hub's HubError and the
 * agent's AgentError are this with their own tables of codes.
 */
export class CodedError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    readonly statusCode: number,
    message: string,
    readonly issues?: readonly InputIssue[],
  ) {
    super(message);
    this.name = 'CodedError';
  }
}

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_STATUS, type ErrorCode, HubError } from '../errors.ts';

// Fastify's own client errors, given our codes.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'YZ_ERR_INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'YZ_ERR_INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'YZ_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'YZ_ERR_UNSUPPORTED_MEDIA_TYPE',
};

export interface ErrorBody {
  error: { code: string; message: string; issues?: readonly { path: string; message: string }[] };
}

/** The one error handler: coded errors as they are, other client errors mapped, 5xx details hidden. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler<FastifyError | HubError>((error, request, reply) => {
    if (error instanceof HubError) {
      const body: ErrorBody = { error: { code: error.code, message: error.message } };
      if (error.issues) body.error.issues = error.issues;
      return reply.status(error.statusCode).send(body);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = FASTIFY_CODES[error.code] ?? 'YZ_ERR_BAD_REQUEST';
      return reply.status(status).send({ error: { code, message: error.message } } satisfies ErrorBody);
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .status(500)
      .send({ error: { code: 'YZ_ERR_INTERNAL', message: 'internal error' } } satisfies ErrorBody);
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: 'YZ_ERR_NOT_FOUND', message: `no route ${request.method} ${request.url}` },
    } satisfies ErrorBody),
  );
}

/**
 * Errors the router raises before any route or hook runs (a URL that does not decode, a path parameter
 * past `maxParamLength`): the same coded body as every other refusal. Passed to `Fastify({ frameworkErrors })`.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const code: ErrorCode = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'YZ_ERR_URI_TOO_LONG' : 'YZ_ERR_BAD_REQUEST';
  const message = code === 'YZ_ERR_URI_TOO_LONG' ? 'a path parameter is too long' : 'the URL does not decode';
  reply.status(ERROR_STATUS[code]).send({ error: { code, message } } satisfies ErrorBody);
}

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '../error-body.ts';
import { CodedError, EDGE_ERROR_STATUS, type EdgeErrorCode } from './coded-error.ts';

// Fastify's own client errors, given our codes.
const FASTIFY_CODES: Record<string, EdgeErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'YZ_ERR_INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'YZ_ERR_INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'YZ_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'YZ_ERR_UNSUPPORTED_MEDIA_TYPE',
};

/**
 * The one error handler and not-found handler of a server: coded errors as they are, Fastify's client errors
 * given codes, other failures logged and hidden behind `YZ_ERR_INTERNAL`. Every refusal is `{ error: { code, message, issues? } }`.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler<FastifyError | CodedError>((error, request, reply) => {
    if (error instanceof CodedError) {
      // Its message was written for the client; a 5xx (storage full, the hub unreachable) is logged too.
      if (error.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      const body: ErrorBody = { error: { code: error.code, message: error.message } };
      if (error.issues) body.error.issues = [...error.issues];
      return reply.status(error.statusCode).send(body);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = FASTIFY_CODES[(error as FastifyError).code] ?? 'YZ_ERR_BAD_REQUEST';
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
  const code: EdgeErrorCode = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'YZ_ERR_URI_TOO_LONG' : 'YZ_ERR_BAD_REQUEST';
  const message = code === 'YZ_ERR_URI_TOO_LONG' ? 'a path parameter is too long' : 'the URL does not decode';
  reply.status(EDGE_ERROR_STATUS[code]).send({ error: { code, message } } satisfies ErrorBody);
}

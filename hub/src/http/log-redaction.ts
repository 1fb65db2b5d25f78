import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/** Credentials that travel in a URL (the member page's link, a screen's socket) lose everything after their prefix. */
const SECRET_IN_URL = /\b(yz(?:ml|st|ik|sc)_)[A-Za-z0-9_-]+/g;

export const redactUrl = (url: string): string => url.replace(SECRET_IN_URL, '$1…');

/** Fastify's own request serializer, with the URL redacted: "incoming request" lines show no member link. */
function redactedRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** The hub's logger options with the redacting serializer added; `false` stays off. */
export function withRedactedUrls(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...options.serializers, req: redactedRequest } };
}

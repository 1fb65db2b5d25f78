import type { FastifyInstance } from 'fastify';

/**
 * Headers on every answer: no framing, no MIME sniffing, no referrer leaks, and a CSP that lets the
 * dashboard load only its own scripts and talk only to this hub (its REST API and live socket).
 */
const HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
} as const;

/** `images`: other sources of images (the office map's tile server). */
export function installSecurityHeaders(app: FastifyInstance, options: { hsts: boolean; images?: string[] }): void {
  const extra = (options.images ?? []).join(' ');
  const headers = extra
    ? {
        ...HEADERS,
        'content-security-policy': HEADERS['content-security-policy'].replace(
          "img-src 'self' data:",
          `img-src 'self' data: ${extra}`,
        ),
      }
    : HEADERS;
  app.addHook('onSend', async (_request, reply) => {
    // A route that sets its own policy (e.g. a page with an inline QR image) keeps it.
    for (const [name, value] of Object.entries(headers)) if (!reply.hasHeader(name)) reply.header(name, value);
    // Only meaningful (and only safe to promise) when the hub is reached over HTTPS.
    if (options.hsts) reply.header('strict-transport-security', 'max-age=31536000');
  });
}

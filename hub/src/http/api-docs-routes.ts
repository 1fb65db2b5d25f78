/**
 * `GET /api/v1/docs`: the hub's API as a page to browse and try (Swagger UI, served from the package, so it
 * works offline), over the same OpenAPI document as `/api/v1/openapi.json`. `/api/v1` sends a newcomer here.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { Json } from '@yizhan/shared/http';
import type { FastifyPluginAsync } from 'fastify';

/** The product's name where Swagger UI would show its own logo, linking back to the dashboard. */
const LOGO = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="220" height="40" viewBox="0 0 220 40">' +
    '<text x="0" y="29" font-family="Noto Sans CJK SC, sans-serif" font-size="26" font-weight="700" fill="#fff">' +
    '驿站 Yizhan hub</text></svg>',
);

export function apiDocsRoutes(document: () => Json): FastifyPluginAsync {
  return async (app) => {
    // Static mode with an empty document: the page is given the hub's own document on every request below;
    // @fastify/swagger's generator is not used (ours reads the zod schemas the routes validate with).
    await app.register(fastifySwagger, {
      mode: 'static',
      specification: { document: { openapi: '3.1.0', info: { title: 'Yizhan hub', version: '1' }, paths: {} } },
    });
    await app.register(fastifySwaggerUi, {
      routePrefix: '/api/v1/docs',
      transformSpecification: () => document(),
      transformSpecificationClone: false,
      uiConfig: { docExpansion: 'list', deepLinking: true, defaultModelsExpandDepth: 0 },
      theme: { title: 'Yizhan hub API' },
      logo: { type: 'image/svg+xml', content: LOGO, href: '/', target: '_self' },
      // Swagger's online validator is a request to the internet; the hub may have none.
      validatorUrl: false,
      // No policy of its own: the page loads only its own scripts, so the hub's policy (security-headers.ts) fits
      // it, and its policy would add `upgrade-insecure-requests`, which breaks a hub served over plain HTTP.
      staticCSP: false,
    });
    app.get('/api/v1', { schema: { hide: true } }, (_request, reply) => reply.redirect('/api/v1/docs', 302));
  };
}

/**
 * OpenAPI 3.1 made from the very zod schemas that validate requests and responses, over every route a server
 * registered: what the document says is what the edge enforces.
 */
import type { FastifyInstance, FastifyPluginAsync, RouteOptions } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from './zod-route.ts';

export type Json = Record<string, unknown>;

export interface OpenApiInfo {
  title: string;
  description: string;
  securitySchemes?: Json;
}

/**
 * Every route the server will have, collected by an onRoute hook: call it before the first route is added.
 * The OpenAPI document and the access tests enumerate this list.
 */
export function collectRoutes(app: FastifyInstance): readonly RouteOptions[] {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  return routes;
}

/**
 * Static files are served by a wildcard, and a browsable docs page marks its own routes `hide`: not part of the
 * API. WebSocket routes are (@fastify/websocket marks them `hide` too, for Swagger's own generator).
 */
const isApiRoute = (r: RouteOptions & { websocket?: boolean }) =>
  !r.url.endsWith('*') && (r.websocket === true || !(r.schema as { hide?: boolean } | undefined)?.hide);

/** The document, made on first use (every route exists by then) and kept. */
export function lazyOpenApiDocument(routes: readonly RouteOptions[], info: OpenApiInfo): () => Json {
  let document: Json | undefined;
  return () => {
    document ??= openApiDocument(routes, info);
    return document;
  };
}

/** `GET <url>`: the document as JSON. */
export function openApiRoute(url: string, document: () => Json): FastifyPluginAsync {
  return async (app) => {
    app
      .withTypeProvider<ZodTypeProvider>()
      .get(url, { schema: { response: { 200: z.record(z.string(), z.unknown()) } } }, async () => document());
  };
}

export function openApiDocument(routes: readonly RouteOptions[], info: OpenApiInfo): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    if (!isApiRoute(route)) continue;
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const operations = paths[path] ?? {};
    for (const method of methods) operations[method.toLowerCase()] = operation(route);
    paths[path] = operations;
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: '1', description: info.description },
    ...(info.securitySchemes ? { components: { securitySchemes: info.securitySchemes } } : {}),
    paths,
  };
}

/** Operations grouped by the noun their path names: `/api/v1/stations/:id/bundle` is under "stations". */
function tagOf(url: string): string {
  const noun = /^\/api(?:\/v\d+)?\/([^/:]+)/.exec(url)?.[1];
  return noun ?? (url.split('/')[1] || 'pages');
}

function jsonSchema(schema: unknown, io: 'input' | 'output'): Json | undefined {
  if (!(schema instanceof z.ZodType)) return undefined;
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

function operation(route: RouteOptions): Json {
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  const parameters: Json[] = [];
  for (const [part, where] of [
    ['params', 'path'],
    ['querystring', 'query'],
  ] as const) {
    const s = jsonSchema(schema[part], 'input');
    const props = (s?.properties ?? {}) as Record<string, Json>;
    const required = new Set((s?.required ?? []) as string[]);
    for (const [name, p] of Object.entries(props)) {
      parameters.push({ name, in: where, required: where === 'path' || required.has(name), schema: p });
    }
  }
  const body = jsonSchema(schema.body, 'input');
  const responses: Record<string, Json> = {};
  for (const [status, s] of Object.entries((schema.response ?? {}) as Record<string, unknown>)) {
    const out = jsonSchema(s, 'output');
    responses[status] = {
      description: status,
      ...(out && status !== '204' && status !== '304' ? { content: { 'application/json': { schema: out } } } : {}),
    };
  }
  if (Object.keys(responses).length === 0) responses.default = { description: 'see the route' };
  return {
    operationId: `${[route.method].flat()[0]} ${route.url}`,
    tags: [tagOf(route.url)],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    responses,
  };
}

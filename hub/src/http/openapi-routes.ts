import type { FastifyPluginAsync, RouteOptions } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from '../http/zod-schemas.ts';

type Json = Record<string, unknown>;

/** Every route but the dashboard's static files (served by a wildcard). */
const isApiRoute = (r: RouteOptions) => !r.url.endsWith('*');

/**
 * `GET /api/v1/openapi.json`: OpenAPI 3.1 made from the very zod schemas that validate requests and
 * responses, over every route the hub registered (collected by an onRoute hook before any route exists).
 */
export function openApiRoutes(routes: readonly RouteOptions[]): FastifyPluginAsync {
  let document: Json | undefined;
  return async (app) => {
    app
      .withTypeProvider<ZodTypeProvider>()
      .get('/api/v1/openapi.json', { schema: { response: { 200: z.record(z.string(), z.unknown()) } } }, async () => {
        document ??= openApiDocument(routes);
        return document;
      });
  };
}

export function openApiDocument(routes: readonly RouteOptions[]): Json {
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
    info: {
      title: 'Yizhan hub',
      version: '1',
      description:
        'Stations authenticate with `Authorization: Bearer <station token>`; operators with the `yz_session` cookie ' +
        'from `POST /api/v1/session`. Errors are `{ error: { code, message, issues? } }`. `GET /api/v1/live` is a ' +
        'WebSocket for the dashboard.',
    },
    components: {
      securitySchemes: {
        stationToken: { type: 'http', scheme: 'bearer' },
        operatorSession: { type: 'apiKey', in: 'cookie', name: 'yz_session' },
      },
    },
    paths,
  };
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
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    responses,
  };
}

/** The agent's HTTP edge is the hub's: schemas on every route, published in OpenAPI, and one error body. */
import { errorBodySchema } from '@yizhan/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { routeAgent } from './agent.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

type Operation = {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: { 'application/json': { schema: unknown } } };
  responses: Record<string, { content?: { 'application/json': { schema: unknown } } }>;
};

/** Answers that are not JSON: the kiosk's page, Prometheus text, an SVG, a WebSocket. */
const NOT_JSON = new Set([
  'get /',
  'get /metrics',
  'get /api/join-qr.svg',
  'get /api/door/qr.svg',
  'get /api/injury-qr.svg',
  'get /api/live',
]);

describe('the agent HTTP edge', () => {
  it('publishes every route in OpenAPI with its body, query and response schemas', async () => {
    const built = await routeAgent({ joinUnionUrl: 'https://union.example/join' });
    close = built.close;
    const res = await built.agent.http.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, Operation>>;
    const operations = Object.entries(paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => [`${method} ${path}`, op] as const),
    );
    expect(operations.map(([name]) => name).sort()).toEqual([
      'get /',
      'get /api/content',
      'get /api/door/qr.svg',
      'get /api/injury-qr.svg',
      'get /api/join-qr.svg',
      'get /api/live',
      'get /api/openapi.json',
      'get /api/station',
      'get /api/visits/counts',
      'get /healthz',
      'get /metrics',
      'post /api/door/scan',
      'post /api/events/{id}/attend',
      'post /api/feedback',
      'post /api/visits/walk-in',
    ]);
    for (const [name, op] of operations) {
      if (NOT_JSON.has(name)) continue;
      const answers = Object.values(op.responses).filter((r) => r.content?.['application/json'].schema);
      expect(answers.length, `${name} has a response schema`).toBe(1);
      if (name.startsWith('post ')) expect(op.requestBody?.content['application/json'].schema, name).toBeDefined();
    }
    const counts = paths['/api/visits/counts']?.get;
    expect(counts?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['query:from', 'query:to']);
  });

  it('answers bad input, an unknown route and a broken URL with the one coded error body', async () => {
    const built = await routeAgent();
    close = built.close;
    const { http } = built.agent;
    const answers = await Promise.all([
      http.inject({ method: 'GET', url: '/api/visits/counts?from=yesterday' }),
      http.inject({ method: 'GET', url: '/api/nothing-here' }),
      http.inject({ method: 'GET', url: '/api/%E0%A4%A' }),
      http.inject({
        method: 'POST',
        url: '/api/door/scan',
        headers: { 'content-type': 'application/json' },
        payload: '{"code":',
      }),
    ]);
    expect(answers.map((a) => [a.statusCode, errorBodySchema.parse(a.json()).error.code])).toEqual([
      [400, 'YZ_ERR_INVALID_QUERY'],
      [404, 'YZ_ERR_NOT_FOUND'],
      [400, 'YZ_ERR_BAD_REQUEST'],
      [400, 'YZ_ERR_INVALID_JSON'],
    ]);
    expect(answers[0]?.json().error.issues).toEqual([{ path: 'from', message: 'Invalid ISO datetime' }]);
  });

  it('checks its own answers against their schemas: a device state that breaks the contract is a 500', async () => {
    const built = await routeAgent();
    close = built.close;
    // The serializer is the contract's last guard: an answer that would mislead the kiosk is not sent.
    built.agent.http.get('/api/test-broken', { schema: { response: { 200: errorBodySchema } } }, async () => ({
      error: { code: 42 },
    }));
    const res = await built.agent.http.inject({ method: 'GET', url: '/api/test-broken' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'YZ_ERR_INTERNAL', message: 'internal error' } });
  });
});

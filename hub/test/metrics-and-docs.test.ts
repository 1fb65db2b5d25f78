/** What an operator reaches besides the API itself: `/metrics` for Prometheus, and `/api/v1/docs` to browse it. */
import { afterEach, describe, expect, it } from 'vitest';
import { type HubFixture, STATION_A, startHubFixture, sync, visit } from './hub-fixture.ts';

const SCRAPER = 'scraper-token-0123456789abcdef';

let hub: HubFixture | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

describe('hub /metrics', () => {
  it('serves the process series from prom-client beside the hub’s requests by route pattern and status', async () => {
    hub = await startHubFixture({ metrics: { token: SCRAPER } });
    expect((await sync(hub.app, hub.tokens.a, [visit(1, 'rider')])).statusCode).toBe(200);
    await hub.app.inject({ method: 'GET', url: `/api/v1/stations/${STATION_A.id}/bundle` });
    await hub.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    const res = await hub.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${SCRAPER}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const lines = res.body.split('\n');
    expect(lines).toContain('# TYPE process_cpu_seconds_total counter');
    expect(lines.some((l) => /^process_cpu_seconds_total \d+(\.\d+)?(e-?\d+)?$/.test(l))).toBe(true);
    expect(lines).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    expect(lines.some((l) => /^nodejs_eventloop_lag_seconds \d/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('nodejs_heap_size_used_bytes '))).toBe(true);
    expect(lines).toContain('# TYPE nodejs_gc_duration_seconds histogram');
    expect(lines).toContain('yizhan_hub_http_requests_total{method="POST",route="/api/v1/sync",status="200"} 1');
    // The pattern, not the URL: one series however many stations there are.
    expect(lines).toContain(
      'yizhan_hub_http_requests_total{method="GET",route="/api/v1/stations/:id/bundle",status="401"} 1',
    );
    expect(lines).toContain('yizhan_hub_http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(lines).toContain('yizhan_hub_http_request_duration_seconds_count{method="POST",route="/api/v1/sync"} 1');
    expect(lines).toContain('yizhan_hub_office_sockets 0');
  });

  it('answers a scraper without the metrics token, or with another, 401 and no figures', async () => {
    hub = await startHubFixture({ metrics: { token: SCRAPER } });
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789abcdef', SCRAPER]) {
      const res = await hub.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: authorization ? { authorization } : {},
      });
      expect([res.statusCode, res.json().error.code]).toEqual([401, 'YZ_ERR_UNAUTHENTICATED']);
    }
  });

  it('lets no scraper in when the config has no metrics token', async () => {
    hub = await startHubFixture();
    const res = await hub.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${SCRAPER}` },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe('set metrics.token in the hub config to scrape');
  });
});

describe('hub /api/v1/docs', () => {
  it('sends a newcomer from /api/v1 to the browsable docs, over the same document as /api/v1/openapi.json', async () => {
    hub = await startHubFixture();
    const root = await hub.app.inject({ method: 'GET', url: '/api/v1' });
    expect([root.statusCode, root.headers.location]).toEqual([302, '/api/v1/docs']);
    const page = await hub.app.inject({ method: 'GET', url: '/api/v1/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger-ui-bundle.js');
    const served = (await hub.app.inject({ method: 'GET', url: '/api/v1/docs/json' })).json();
    const published = (await hub.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(served).toEqual(published);
    expect(Object.keys(published.paths)).toContain('/api/v1/sync');
    // The docs page's own routes are not part of the API it documents.
    expect(Object.keys(published.paths).filter((p) => p.startsWith('/api/v1/docs') || p === '/api/v1')).toEqual([]);
  });
});

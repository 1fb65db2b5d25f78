/**
 * The hub's main, as a real `pnpm hub serve` process: JSON log lines for the journal, `/metrics` for a scraper
 * with the token, and a graceful close on SIGTERM that exits 0 well inside its deadline.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort, waitForPort } from './support/ports.ts';
import { hubProcess } from './support/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'yz-hub-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCRAPER = 'scraper-token-0123456789abcdef';

it('serves /metrics to its scraper, closes on SIGTERM with a JSON log line, and exits 0', async () => {
  const port = await freePort();
  const path = join(dir, 'hub.yaml');
  writeFileSync(path, `listen: { port: ${port} }\ndatabase: hub.db\nmetrics: { token: ${SCRAPER} }\n`);
  const hub = hubProcess(path);
  try {
    hub.start();
    await waitForPort(port, 30_000);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const scrape = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${SCRAPER}` } });
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).toContain('yizhan_hub_http_requests_total{method="GET",route="/metrics",status="401"} 1');
    const started = performance.now();
    await hub.kill('SIGTERM');
    expect(hub.exitCode).toBe(0);
    expect(performance.now() - started).toBeLessThan(10_000);
    const lines = hub
      .log()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; signal?: string });
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'closing', signal: 'SIGTERM' }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: expect.stringMatching(/^Server listening/) }));
  } finally {
    await hub.stop();
  }
});

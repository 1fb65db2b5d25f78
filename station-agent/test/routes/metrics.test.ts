import { afterEach, expect, it } from 'vitest';
import { routeAgent } from './agent.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

it('serves the process series from prom-client beside the agent’s own', async () => {
  const built = await routeAgent();
  close = built.close;
  built.agent.metrics.messageIn();
  built.agent.metrics.rejected('nothing-readable');
  built.agent.metrics.rejected('schema');
  built.agent.metrics.rejected('schema');
  const res = await built.agent.http.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  const lines = res.body.split('\n');
  // The process: CPU, memory, heap, GC, event-loop lag.
  expect(lines).toContain('# TYPE process_cpu_seconds_total counter');
  expect(lines.some((l) => /^process_cpu_seconds_total \d+(\.\d+)?(e-?\d+)?$/.test(l))).toBe(true);
  expect(lines).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  expect(lines.some((l) => /^nodejs_eventloop_lag_seconds \d/.test(l))).toBe(true);
  expect(lines.some((l) => l.startsWith('nodejs_heap_size_used_bytes '))).toBe(true);
  expect(lines.some((l) => l.startsWith('process_resident_memory_bytes '))).toBe(true);
  expect(lines).toContain('# TYPE nodejs_gc_duration_seconds histogram');
  // The agent's series, as before.
  expect(lines).toContain('yizhan_mqtt_messages_in_total 1');
  expect(lines).toContain('yizhan_payloads_rejected_total{reason="nothing-readable"} 1');
  expect(lines).toContain('yizhan_payloads_rejected_total{reason="schema"} 2');
  expect(lines).toContain('yizhan_mqtt_connected 0');
  expect(lines).toContain('yizhan_alarms_open 0');
  expect(lines).toContain('yizhan_readings_buffered 0');
  // No people counter or presence sensor: no estimate, no sample.
  expect(lines.filter((l) => l.startsWith('yizhan_people_inside'))).toEqual([]);
});

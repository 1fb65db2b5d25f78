/**
 * The agent's main closes gracefully on SIGTERM: it says `offline` on its status topic itself, keeps what it
 * buffered, logs why in a JSON line, and exits 0 well inside its deadline. A real `pnpm agent` process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentTopics } from '@yizhan/shared';
import { afterAll, expect, it } from 'vitest';
import { MqttProbe } from './support/mqtt-probe.ts';
import { freePort, waitForPort } from './support/ports.ts';
import { agentProcess } from './support/processes.ts';
import { MOSQUITTO_URL } from './support/stack.ts';
import { waitFor } from './support/wait.ts';

const dir = mkdtempSync(join(tmpdir(), 'yz-shutdown-'));
const id = `shut-${Math.random().toString(36).slice(2, 8)}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('closes on SIGTERM: offline said, a JSON log line, exit 0', async () => {
  const port = await freePort();
  const path = join(dir, 'station.yaml');
  writeFileSync(
    path,
    `station: { id: ${id}, name: 三胞广场工会驿站, district: 泉山区, capacity: 20 }
mqtt: { url: "${MOSQUITTO_URL}" }
http: { port: ${port} }
dataDir: ./data
`,
  );
  const probe = await MqttProbe.connect(MOSQUITTO_URL, [agentTopics(id).status]);
  const agent = agentProcess(path);
  try {
    agent.start();
    await waitForPort(port, 30_000);
    await waitFor(() => probe.on(agentTopics(id).status).at(-1)?.payload === 'online' || undefined, {
      timeoutMs: 15_000,
      what: 'online',
    });
    const started = performance.now();
    await agent.kill('SIGTERM');
    expect(agent.exitCode).toBe(0);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(probe.on(agentTopics(id).status).at(-1)?.payload).toBe('offline');
    const lines = agent
      .log()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; signal?: string; part?: string });
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'closing', signal: 'SIGTERM' }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'started' }));
  } finally {
    await agent.stop();
    await probe.publish(agentTopics(id).status, '', true);
    await probe.close();
  }
});

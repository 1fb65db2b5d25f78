/** An agent built for route tests: its own SQLite file, no hub, a fixed clock; nothing listens unless asked. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle } from '@yizhan/shared';
import { type Agent, buildAgent } from '../../src/app.ts';
import { parseAgentConfig } from '../../src/config.ts';

export const NOW = Date.parse('2026-12-21T02:00:00Z'); // Monday 10:00 in Shanghai

export const testBundle = (over: Partial<Bundle> = {}): Bundle => ({
  version: 'v1',
  station: { id: 'route-test', name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
  memberKeys: [],
  revokedMembers: [],
  announcements: [],
  events: [],
  nearby: [],
  services: [],
  feedbackReplies: [],
  ...over,
});

export async function routeAgent(
  kiosk: Record<string, unknown> = {},
  kioskDir?: string,
): Promise<{ agent: Agent; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'yz-routes-'));
  const config = parseAgentConfig(
    {
      station: { id: 'route-test', name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
      mqtt: { url: 'mqtt://127.0.0.1:1' },
      dataDir: dir,
      devices: [],
      services: ['water', 'microwave', 'rest'],
      kiosk,
    },
    dir,
  );
  const agent = await buildAgent(config, { now: () => NOW, ...(kioskDir ? { kioskDir } : {}) });
  return {
    agent,
    async close() {
      await agent.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

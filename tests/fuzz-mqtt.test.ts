/**
 * Device payloads, fuzzed from the real ones: every message in tests/fixtures/devices, with a leaf
 * replaced by any JSON, a key dropped or added, or its bytes flipped — first through each adapter
 * (many runs), then published over a real broker to an agent that reads all four formats. The agent
 * never throws in a handler, keeps every state well-formed, stays healthy and still reads good payloads.
 * (Random bytes and random JSON per adapter are in station-agent/test/devices/malformed.test.ts.)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentTopics, deviceState, deviceValues } from '@yizhan/shared';
import {
  type Agent,
  buildAgent,
  type EmbeddedBroker,
  parseAgentConfig,
  startEmbeddedBroker,
} from '@yizhan/station-agent';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceSource } from '../station-agent/src/config.ts';
import { readDeviceMessage, sourceTopics } from '../station-agent/src/devices/adapters/index.ts';
import { editJson, type Json, type JsonEdit } from './support/fuzz.ts';
import { MqttProbe } from './support/mqtt-probe.ts';
import { waitFor } from './support/wait.ts';

interface Fixture {
  format: DeviceSource['format'];
  topic: string;
  payload: string;
}

const FIXTURE_DIR = new URL('./fixtures/devices/', import.meta.url);
const FIXTURES: Fixture[] = readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => {
    const file = JSON.parse(readFileSync(new URL(f, FIXTURE_DIR), 'utf8'));
    return file.messages.map((m: { topic: string; payload: string }) => ({ format: file.format, ...m }));
  });

const tried: Record<string, number> = {};
const count = (what: string) => {
  tried[what] = (tried[what] ?? 0) + 1;
};
afterAll(() => {
  for (const [what, n] of Object.entries(tried)) console.log(`fuzz mqtt ${what}: ${n} payloads`);
});

/** The device topic a fixture message is on, moved to `device` (the source's configured topic). */
function moved(f: Fixture, device: string): string {
  switch (f.format) {
    case 'tasmota':
      return f.topic.replace(/^(tele|stat|cmnd)\/[^/]+/, `$1/${device}`);
    case 'zigbee2mqtt':
      return f.topic.replace(/^zigbee2mqtt\/[^/]+/, device);
    case 'shelly-gen2':
      return f.topic.replace(/^[^/]+/, device);
    default:
      return f.topic.replace(/^counter\/entrance/, device);
  }
}

const sourceOf = (format: Fixture['format'], topic: string): DeviceSource => {
  switch (format) {
    case 'tasmota':
      return { format, topic };
    case 'zigbee2mqtt':
      return { format, topic };
    case 'shelly-gen2':
      return { format, topic, switchId: 0 };
    default:
      return {
        format,
        topic,
        fields: { in: '/in', out: '/out' },
        availabilityTopic: `${topic}/status`,
        online: 'online',
        offline: 'offline',
      };
  }
};

const anyJson: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  fc.constantFrom<Json>(
    null,
    'ON',
    'OFF',
    'online',
    '',
    1e308,
    -1e308,
    -0,
    2 ** 53,
    -1,
    'NaN',
    '12.5',
    [],
    {},
    [1, 2, 3],
    { Power: -5 },
  ),
);

/** A real payload with one to three edits; a bare-word payload gets its bytes edited instead. */
const mutatedFixture: fc.Arbitrary<{ fixture: Fixture; payload: Buffer }> = fc
  .record({
    fixture: fc.constantFrom(...FIXTURES),
    edits: fc.array(
      fc.record({
        at: fc.nat(),
        kind: fc.constantFrom('replace', 'delete', 'add', 'byte'),
        key: fc.constantFrom('Power', 'Total', 'apower', 'occupancy', 'in', 'out', 'state', 'x', '__proto__'),
        value: anyJson,
        byte: fc.nat(255),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ fixture, edits }) => {
    let parsed: Json | undefined;
    try {
      parsed = JSON.parse(fixture.payload);
    } catch {
      parsed = undefined;
    }
    let bytes = Buffer.from(fixture.payload);
    for (const e of edits) {
      if (e.kind === 'byte' || parsed === undefined || typeof parsed !== 'object' || parsed === null) {
        bytes = Buffer.from(bytes);
        if (bytes.length > 0) bytes[e.at % bytes.length] = e.byte;
        parsed = undefined;
        continue;
      }
      parsed = editJson(parsed, e as JsonEdit);
      bytes = Buffer.from(JSON.stringify(parsed));
    }
    return { fixture, payload: bytes };
  });

const REASONS = ['empty', 'not-utf8', 'not-json', 'schema', 'too-large'];

describe('real device payloads, mutated', () => {
  it('each adapter reads every mutation as good values or a refusal with its reason, never a throw', () => {
    expect(new Set(FIXTURES.map((f) => f.format))).toEqual(
      new Set(['tasmota', 'zigbee2mqtt', 'shelly-gen2', 'generic-json']),
    );
    fc.assert(
      fc.property(mutatedFixture, ({ fixture, payload }) => {
        count(`adapter ${fixture.format}`);
        const device = fixture.format === 'zigbee2mqtt' ? 'zigbee2mqtt/dev' : 'dev';
        const topic = moved(fixture, device);
        const m = readDeviceMessage(sourceOf(fixture.format, device), topic, payload);
        if (m.kind === 'rejected') {
          expect(REASONS).toContain(m.reason);
          expect(m.detail.length).toBeGreaterThan(0);
        } else if (m.kind === 'values') {
          expect(deviceValues.strict().safeParse(m.values).success, JSON.stringify(m.values)).toBe(true);
          for (const v of Object.values(m.values)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
        } else {
          expect(['availability', 'ignored']).toContain(m.kind);
        }
      }),
      { numRuns: 8_000 },
    );
  });
});

describe('mutated payloads over a real broker', () => {
  let dir: string;
  let broker: EmbeddedBroker;
  let agent: Agent;
  const logs: { level: number; msg: string }[] = [];
  const clock = { now: Date.now() };
  const sid = `fuzz-${Math.random().toString(36).slice(2, 8)}`;
  const topicOf = {
    tasmota: `${sid}_plug`,
    zigbee2mqtt: `zigbee2mqtt/${sid}_fridge`,
    'shelly-gen2': `${sid}-shelly`,
    'generic-json': `${sid}/counter`,
  } as const;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yz-fuzz-mqtt-'));
    broker = await startEmbeddedBroker({ port: 0 });
    const config = parseAgentConfig(
      {
        station: { id: sid, name: '三胞广场工会驿站', district: '泉山区', capacity: 20 },
        mqtt: { url: broker.url },
        dataDir: join(dir, 'station'),
        devices: [
          {
            id: 'microwave',
            kind: 'appliance',
            source: sourceOf('tasmota', topicOf.tasmota),
            inUse: { aboveWatts: 50, belowWatts: 10, forSeconds: 1 },
          },
          { id: 'fridge', kind: 'fridge', source: sourceOf('zigbee2mqtt', topicOf.zigbee2mqtt) },
          {
            id: 'kettle',
            kind: 'appliance',
            source: sourceOf('shelly-gen2', topicOf['shelly-gen2']),
            inUse: { aboveWatts: 100, belowWatts: 10, forSeconds: 1 },
          },
          { id: 'counter', kind: 'people-counter', source: sourceOf('generic-json', topicOf['generic-json']) },
        ],
        services: ['water', 'microwave', 'fridge'],
      },
      dir,
    );
    agent = await buildAgent(config, {
      // Each message moves the agent's clock on, so the per-device budget never drops a fuzz message unread.
      now: () => clock.now,
      logger: {
        level: 'warn',
        stream: { write: (line: string) => logs.push(JSON.parse(line)) },
      },
    });
    await agent.start();
  });

  afterAll(async () => {
    await agent?.close();
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the agent reads them all without a handler failing; states stay well-formed; good payloads still work', async () => {
    const probe = await MqttProbe.connect(broker.url, [agentTopics(sid).state('+')]);
    try {
      // Messages on topics the configured device subscribes (another relay's POWER<N> is not this plug's).
      const messages = fc.sample(mutatedFixture, { numRuns: 600, seed: 42 }).filter(({ fixture }) => {
        const topic = topicOf[fixture.format];
        return sourceTopics(sourceOf(fixture.format, topic)).includes(moved(fixture, topic));
      });
      expect(messages.length).toBeGreaterThan(500);
      const before = agent.metrics.messagesInCount;
      for (const { fixture, payload } of messages) {
        clock.now += 250;
        count(`broker ${fixture.format}`);
        await probe.publish(moved(fixture, topicOf[fixture.format]), payload);
      }
      await waitFor(() => agent.metrics.messagesInCount - before >= messages.length, {
        timeoutMs: 20_000,
        what: 'every fuzz message read by the agent',
      });
      // A handler that threw is logged by the link ("handler … failed"); nothing was logged as an error.
      expect(logs.filter((l) => /failed/.test(l.msg) || l.level >= 50)).toEqual([]);
      for (const state of agent.devices.snapshot()) {
        expect(deviceState.safeParse(state).success, JSON.stringify(state)).toBe(true);
        for (const v of Object.values(state.values)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
      }
      for (const m of probe.on(agentTopics(sid).state('+'))) {
        expect(deviceState.safeParse(JSON.parse(m.payload)).success, m.payload).toBe(true);
      }
      const health = await agent.http.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toMatchObject({ ok: true, mqtt: true });

      // Still reading: the plug's real energy report puts the microwave in use.
      clock.now += 5_000;
      await probe.publish(`tele/${topicOf.tasmota}/LWT`, 'Online');
      await probe.publish(
        `tele/${topicOf.tasmota}/SENSOR`,
        JSON.stringify({ Time: '2026-11-28T08:00:05', ENERGY: { Power: 812.4, Total: 30.47 } }),
      );
      // The fuzz may have left it in use already: wait for this very report.
      await waitFor(() => agent.devices.get('microwave')?.values.powerW === 812.4 || undefined, {
        what: 'the plug report read',
      });
      expect(agent.devices.get('microwave')?.status).toBe('in-use');
      expect(agent.devices.get('microwave')).toMatchObject({ online: true, values: { powerW: 812.4 } });
    } finally {
      await probe.close();
    }
  });
});

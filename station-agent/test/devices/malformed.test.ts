/**
 * Property-based: whatever bytes arrive on a device topic, every adapter answers with a value it can
 * stand behind or a rejection with its reason; it never throws and never lets an impossible value in.
 */
import { deviceValues } from '@yizhan/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceSource } from '../../src/config.ts';
import { readDeviceMessage, sourceTopics } from '../../src/devices/adapters/index.ts';
import { deviceFixture } from '../fixtures.ts';
import { sourceFor } from './sources.ts';

const SOURCES: DeviceSource[] = [
  { format: 'tasmota', topic: 'plug' },
  { format: 'zigbee2mqtt', topic: 'zigbee2mqtt/sensor' },
  { format: 'shelly-gen2', topic: 'shelly', switchId: 0 },
  {
    format: 'generic-json',
    topic: 'counter',
    fields: { in: '/in', out: '/out', temperatureC: '/t', on: '/relay' },
    availabilityTopic: 'counter/status',
    online: 'online',
    offline: 'offline',
  },
];
const REASONS = ['empty', 'not-utf8', 'not-json', 'schema', 'too-large'];

/** The adapter's answer is well-formed: plausible finite values, or a rejection with a known reason. */
function wellFormed(source: DeviceSource, topic: string, payload: Buffer): void {
  const m = readDeviceMessage(source, topic, payload);
  if (m.kind === 'rejected') {
    expect(REASONS).toContain(m.reason);
    expect(m.detail.length).toBeGreaterThan(0);
  } else if (m.kind === 'values') {
    expect(deviceValues.strict().safeParse(m.values).success).toBe(true);
    for (const v of Object.values(m.values)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
  } else {
    expect(['availability', 'ignored']).toContain(m.kind);
  }
}

const topicsOf = (s: DeviceSource) => sourceTopics(s);

describe('malformed device payloads', () => {
  it('any bytes on any topic of any format: never a throw, never an impossible value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SOURCES.flatMap((s) => topicsOf(s).map((t) => [s, t] as const))),
        fc.uint8Array({ maxLength: 512 }),
        ([source, topic], bytes) => wellFormed(source, topic, Buffer.from(bytes)),
      ),
      { numRuns: 2_000 },
    );
  });

  it('any JSON, including wrong types, huge and tiny numbers and deep nesting', () => {
    const numbers = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(1e308, -1e308, 2 ** 53, 1e-320));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        numbers,
        fc.string(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(
          fc.constantFrom(
            'ENERGY',
            'Power',
            'Total',
            'occupancy',
            'temperature',
            'battery',
            'params',
            'switch:0',
            'apower',
            'method',
            'in',
            'out',
            't',
            'relay',
            'state',
            'contact',
            'aenergy',
            'total',
            'x',
          ),
          tie('value'),
          { maxKeys: 5 },
        ),
      ),
    })).value;
    fc.assert(
      fc.property(
        fc.constantFrom(...SOURCES.flatMap((s) => topicsOf(s).map((t) => [s, t] as const))),
        json,
        ([source, topic], value) => {
          const text = JSON.stringify(value) ?? 'null';
          wellFormed(source, topic, Buffer.from(text));
          if (source.format === 'shelly-gen2') {
            wellFormed(
              source,
              topic,
              Buffer.from(JSON.stringify({ method: 'NotifyStatus', params: { 'switch:0': value } })),
            );
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('every truncation of every real fixture payload is refused as not JSON (or empty), never misread', () => {
    for (const name of [
      'tasmota-energy-plug',
      'zigbee2mqtt-pir',
      'shelly-gen2-notifications',
      'generic-json-people-counter',
    ]) {
      const fixture = deviceFixture(name);
      for (const m of fixture.messages.filter((x) => x.payload.startsWith('{'))) {
        const source = sourceFor(fixture.format, m.topic);
        for (let cut = 0; cut < m.payload.length; cut++) {
          const r = readDeviceMessage(source, m.topic, Buffer.from(m.payload.slice(0, cut)));
          expect(r, `${name} cut at ${cut}`).toMatchObject({
            kind: 'rejected',
            reason: cut === 0 ? 'empty' : 'not-json',
          });
        }
      }
    }
  });

  it('refuses an oversized payload before reading it', () => {
    const big = Buffer.from(`{"ENERGY":{"Power":1,"pad":"${'x'.repeat(20_000)}"}}`);
    expect(readDeviceMessage(SOURCES[0]!, 'tele/plug/SENSOR', big)).toMatchObject({
      kind: 'rejected',
      reason: 'too-large',
    });
  });
});

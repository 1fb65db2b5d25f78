import { describe, expect, it } from 'vitest';
import { type GenericJsonSource, genericJson, resolvePointer } from '../../src/devices/adapters/generic-json.ts';
import { deviceFixture } from '../fixtures.ts';

const counter: GenericJsonSource = {
  topic: 'counter/entrance',
  fields: { in: '/in', out: '/out' },
  availabilityTopic: 'counter/entrance/status',
  online: 'online',
  offline: 'offline',
};
const read = (source: GenericJsonSource, topic: string, payload: string) =>
  genericJson.read(source, topic, Buffer.from(payload));

describe('generic-json adapter', () => {
  it('subscribes to the topic and the availability topic', () => {
    expect(genericJson.topics(counter)).toEqual(['counter/entrance', 'counter/entrance/status']);
  });

  it('reads the people counter fixture, including the reset to zero', () => {
    const messages = deviceFixture('generic-json-people-counter').messages;
    expect(messages.map((m) => read(counter, m.topic, m.payload))).toEqual([
      { kind: 'values', values: { peopleIn: 1287, peopleOut: 1280 } },
      { kind: 'values', values: { peopleIn: 1290, peopleOut: 1281 } },
      { kind: 'values', values: { peopleIn: 0, peopleOut: 0 } },
      { kind: 'values', values: { peopleIn: 2, peopleOut: 1 } },
      { kind: 'availability', online: true },
    ]);
  });

  it('follows nested pointers and escapes, and reads switch words', () => {
    const source = {
      ...counter,
      fields: { temperatureC: '/sensors/0/t', on: '/relay~1state', humidityPct: '/missing' },
    };
    expect(read(source, 'counter/entrance', '{"sensors":[{"t":4.5}],"relay/state":"ON"}')).toEqual({
      kind: 'values',
      values: { temperatureC: 4.5, on: true },
    });
    expect(resolvePointer({ 'a~b': 1 }, '/a~0b')).toBe(1);
    expect(resolvePointer([1, 2], '/01')).toBeUndefined();
  });

  it('reads custom availability words and the JSON form', () => {
    const source = { ...counter, online: 'up', offline: 'down' };
    expect(read(source, 'counter/entrance/status', 'down')).toEqual({ kind: 'availability', online: false });
    expect(read(source, 'counter/entrance/status', '{"state":"online"}')).toEqual({
      kind: 'availability',
      online: true,
    });
    expect(read(source, 'counter/entrance/status', 'sideways')).toMatchObject({ kind: 'rejected', reason: 'schema' });
  });

  it.each([
    ['a string count', '{"in":"12","out":3}', 'schema'],
    ['a negative count', '{"in":-1,"out":3}', 'schema'],
    ['a fractional count', '{"in":1.5,"out":3}', 'schema'],
    ['truncated JSON', '{"in":12,"ou', 'not-json'],
    ['NaN', '{"in":NaN,"out":3}', 'not-json'],
  ])('refuses %s', (_name, payload, reason) => {
    expect(read(counter, 'counter/entrance', payload)).toMatchObject({ kind: 'rejected', reason });
  });
});

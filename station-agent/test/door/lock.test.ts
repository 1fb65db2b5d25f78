import { describe, expect, it } from 'vitest';
import type { LockConfig } from '../../src/config.ts';
import { lockAnswerTopics, readLockAnswer, tasmotaPulseTime, unlockCommand } from '../../src/door/lock.ts';

const tasmota: LockConfig = { format: 'tasmota', topic: 'door_relay', openSeconds: 5 };
const shelly: LockConfig = { format: 'shelly-gen2', topic: 'shellyplus1-door', switchId: 0, openSeconds: 4 };
const generic: LockConfig = {
  format: 'generic-json',
  topic: 'lock/front/set',
  payload: { action: 'unlock' },
  openSeconds: 3,
};
const b = (s: string) => Buffer.from(s);

describe('lock commands', () => {
  it('speaks each firmware', () => {
    expect(unlockCommand(tasmota, 1, 'yizhan-x')).toEqual({ topic: 'cmnd/door_relay/POWER', payload: 'ON' });
    expect(JSON.parse(unlockCommand(shelly, 7, 'yizhan-x').payload)).toEqual({
      id: 7,
      src: 'yizhan-x',
      method: 'Switch.Set',
      params: { id: 0, on: true, toggle_after: 4 },
    });
    expect(unlockCommand(generic, 1, 'yizhan-x', 'v-1')).toEqual({
      topic: 'lock/front/set',
      payload: JSON.stringify({ action: 'unlock', openSeconds: 3, visitId: 'v-1' }),
    });
    expect([tasmotaPulseTime(5), tasmotaPulseTime(30)]).toEqual([50, 130]);
  });

  it('listens for the answer where each firmware gives it', () => {
    expect(lockAnswerTopics(tasmota, 'yizhan-x')).toEqual(['stat/door_relay/POWER', 'stat/door_relay/RESULT']);
    expect(lockAnswerTopics(shelly, 'yizhan-x')).toEqual(['yizhan-x/rpc']);
    expect(lockAnswerTopics(generic, 'yizhan-x', 'lock/front/state')).toEqual(['lock/front/state']);
    expect(lockAnswerTopics(generic, 'yizhan-x')).toEqual([]);
  });

  it('reads a confirmation, and nothing from an OFF, an error or noise', () => {
    expect(readLockAnswer(tasmota, 'stat/door_relay/POWER', b('ON'))).toEqual({});
    expect(readLockAnswer(tasmota, 'stat/door_relay/POWER', b('OFF'))).toBeUndefined();
    expect(readLockAnswer(tasmota, 'stat/door_relay/RESULT', b('{"POWER":"ON"}'))).toEqual({});
    expect(readLockAnswer(tasmota, 'stat/door_relay/RESULT', b('{"POWER1":"ON"}'))).toEqual({});
    expect(readLockAnswer(tasmota, 'stat/door_relay/RESULT', b('{"PulseTime":{"Set":[50]}}'))).toBeUndefined();
    expect(
      readLockAnswer(
        shelly,
        'yizhan-x/rpc',
        b('{"id":7,"src":"shellyplus1-door","dst":"yizhan-x","result":{"was_on":false}}'),
      ),
    ).toEqual({ requestId: 7 });
    expect(
      readLockAnswer(
        shelly,
        'yizhan-x/rpc',
        b('{"id":7,"src":"s","dst":"yizhan-x","error":{"code":-103,"message":"x"}}'),
      ),
    ).toBeUndefined();
    expect(readLockAnswer(shelly, 'yizhan-x/rpc', b('not json'))).toBeUndefined();
    expect(readLockAnswer(generic, 'lock/front/state', b('{"visitId":"v-1","state":"open"}'))).toEqual({
      visitId: 'v-1',
    });
    expect(readLockAnswer(generic, 'lock/front/state', b('open'))).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { zigbee2mqtt } from '../../src/devices/adapters/zigbee2mqtt.ts';
import { deviceFixture } from '../fixtures.ts';

const read = (device: string, topic: string, payload: string) =>
  zigbee2mqtt.read({ topic: device }, topic, Buffer.from(payload));

describe('zigbee2mqtt adapter', () => {
  it('reads the PIR fixture: occupancy, battery, link quality and both availability forms', () => {
    const [on, off, online, offline] = deviceFixture('zigbee2mqtt-pir').messages;
    const dev = 'zigbee2mqtt/KeukenMotionSensorMS4';
    expect(read(dev, on!.topic, on!.payload)).toEqual({
      kind: 'values',
      values: { occupied: true, batteryPct: 97, linkQuality: 86 },
    });
    expect(read(dev, off!.topic, off!.payload)).toMatchObject({ values: { occupied: false } });
    expect(read(dev, online!.topic, online!.payload)).toEqual({ kind: 'availability', online: true });
    expect(read(dev, offline!.topic, offline!.payload)).toEqual({ kind: 'availability', online: false });
  });

  it('reads the temperature fixtures without taking the battery millivolts for mains volts', () => {
    const [xiaomi, fridge] = deviceFixture('zigbee2mqtt-temperature').messages;
    expect(read('zigbee2mqtt/humidity_xiaomi_bad_stefan', xiaomi!.topic, xiaomi!.payload)).toEqual({
      kind: 'values',
      values: { temperatureC: 22.4, humidityPct: 58.5, pressureHPa: 1001.8, batteryPct: 97, linkQuality: 72 },
    });
    expect(read('zigbee2mqtt/fridge_sensor', fridge!.topic, fridge!.payload)).toEqual({
      kind: 'values',
      values: { temperatureC: 27.34, humidityPct: 44.72 },
    });
  });

  it('reads a door contact as doorOpen and a metering plug', () => {
    expect(read('zigbee2mqtt/door', 'zigbee2mqtt/door', '{"contact":false,"battery":100}')).toEqual({
      kind: 'values',
      values: { doorOpen: true, batteryPct: 100 },
    });
    expect(
      read('zigbee2mqtt/kettle', 'zigbee2mqtt/kettle', '{"power":1800,"energy":3.2,"voltage":231,"state":"ON"}'),
    ).toEqual({
      kind: 'values',
      values: { powerW: 1800, energyKWh: 3.2, voltageV: 231, on: true },
    });
  });

  it.each([
    ['a number for occupancy', '{"occupancy":1}'],
    ['a battery over 100%', '{"battery":180}'],
    ['an array', '[1,2,3]'],
  ])('refuses %s', (_name, payload) => {
    expect(read('zigbee2mqtt/pir', 'zigbee2mqtt/pir', payload)).toMatchObject({ kind: 'rejected', reason: 'schema' });
  });

  it('refuses an availability word it does not know', () => {
    expect(read('zigbee2mqtt/pir', 'zigbee2mqtt/pir/availability', 'maybe')).toMatchObject({
      kind: 'rejected',
      reason: 'not-json',
    });
  });
});

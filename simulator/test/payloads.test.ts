import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tasmota, zigbee2mqtt } from '../src/payloads.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../tests/fixtures/devices/${name}.json`, import.meta.url), 'utf8')) as {
    messages: { topic: string; payload: string }[];
  };

describe('simulated payloads', () => {
  it('word a Tasmota SENSOR message with the same ENERGY keys as the real plug', () => {
    const real = JSON.parse(fixture('tasmota-energy-plug').messages[0]!.payload);
    const ours = tasmota.sensor('microwave_plug', new Date('2026-11-28T04:05:06.789Z'), {
      powerW: 812.44,
      energyKWh: 30.4712,
    });
    expect(ours.topic).toBe('tele/microwave_plug/SENSOR');
    const parsed = JSON.parse(ours.payload);
    expect(parsed.Time).toBe('2026-11-28T04:05:06');
    expect(parsed.ENERGY).toMatchObject({ Power: 812.4, Total: 30.471, Voltage: 230, Current: 3.532 });
    for (const key of Object.keys(parsed.ENERGY)) expect(Object.keys(real.ENERGY)).toContain(key);
  });

  it('word LWT and Zigbee2MQTT availability as the fixtures do', () => {
    expect(tasmota.lwt('microwave_plug', false)).toEqual({
      topic: 'tele/microwave_plug/LWT',
      payload: 'Offline',
      retain: true,
    });
    expect(zigbee2mqtt.availability('zigbee2mqtt/KeukenMotionSensorMS4', false)).toEqual({
      topic: 'zigbee2mqtt/KeukenMotionSensorMS4/availability',
      payload: fixture('zigbee2mqtt-pir').messages[3]!.payload,
      retain: true,
    });
  });
});

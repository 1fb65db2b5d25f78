import { describe, expect, it } from 'vitest';
import { alarmDetail, alarmTitle } from '../../src/alarms/words.ts';
import { deviceLabelOf } from '../../src/stations/device-names.ts';

const fridge = { zh: '冰箱', en: 'Fridge' };

describe('an alarm in the office’s words', () => {
  it('titles every rule of the station and the hub, and an unknown one without its id', () => {
    expect(alarmTitle('battery-low')).toEqual({ zh: '电池电量低', en: 'Battery low' });
    expect(alarmTitle('station-silent').zh).toBe('驿站失联');
    expect(alarmTitle('made-up-rule')).toEqual({ zh: '其他告警', en: 'Other alarm' });
  });

  it('says what was measured, with the device by its station’s label', () => {
    const door = { zh: '北门', en: 'North door' };
    expect(
      alarmDetail({
        rule: 'battery-low',
        facts: { batteryPct: 7, limitPct: 15 },
        deviceLabel: door,
        detail: 'battery at 7%',
      }),
    ).toEqual({ zh: '北门电量 7%', en: 'North door battery at 7%' });
    expect(
      alarmDetail({
        rule: 'fridge-too-warm',
        facts: { temperatureC: 9.44, limitC: 8, minutes: 10 },
        deviceLabel: fridge,
        detail: '9.44 °C, above 8 °C',
      }),
    ).toEqual({ zh: '冰箱 9.4 °C，高于 8 °C', en: 'Fridge at 9.4 °C, above 8 °C' });
    expect(
      alarmDetail({ rule: 'over-capacity', facts: { inside: 23, capacity: 20 }, deviceLabel: null, detail: '' }).zh,
    ).toBe('站内 23 人，容量 20 人');
    expect(alarmDetail({ rule: 'station-silent', facts: {}, deviceLabel: null, detail: '' }).zh).toBe(
      '从未与中心平台联系',
    );
  });

  it('keeps an older station’s English detail out of the Chinese', () => {
    const words = alarmDetail({ rule: 'battery-low', facts: null, deviceLabel: fridge, detail: 'battery at 7%' });
    expect(words).toEqual({ zh: '冰箱', en: 'battery at 7%' });
  });
});

describe('a device’s name', () => {
  const devices = [
    { id: 'mw-1', kind: 'appliance' as const, label: { zh: '二楼微波炉', en: 'Upstairs microwave' } },
    { id: 'plug-9', kind: 'appliance' as const },
  ];
  it('is the station’s label, else the service its id names, else its kind, never the id', () => {
    expect(deviceLabelOf(devices, 'mw-1')).toEqual({ zh: '二楼微波炉', en: 'Upstairs microwave' });
    expect(deviceLabelOf(undefined, 'microwave')).toEqual({ zh: '微波炉', en: 'Microwave' });
    expect(deviceLabelOf(devices, 'plug-9')).toEqual({ zh: '电器', en: 'Appliance' });
    expect(deviceLabelOf([], 'x-17')).toEqual({ zh: '设备', en: 'Device' });
  });
});

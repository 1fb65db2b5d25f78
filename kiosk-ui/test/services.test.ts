import { describe, expect, it } from 'vitest';
import { cardTone, deviceFigure, lastKnownMinutes, serviceDevices, unwatchedServices } from '../src/model/services.ts';
import { device } from './fixtures.ts';

describe('serviceDevices', () => {
  it('lists what a worker uses, in order, and leaves out doors, counters and bare sensors', () => {
    const devices = new Map(
      [
        device('door', 'door', 'closed'),
        device('microwave', 'appliance', 'free'),
        device('entrance-counter', 'people-counter', 'unknown'),
        device('fridge', 'fridge', 'ok'),
        device('room', 'sensor', 'unknown'),
        device('seats', 'presence', 'clear'),
      ].map((d) => [d.device, d]),
    );
    expect(serviceDevices(devices).map((d) => d.device)).toEqual(['microwave', 'fridge', 'seats']);
  });
});

describe('cardTone', () => {
  it('maps each status to how the card looks', () => {
    expect(cardTone(device('m', 'appliance', 'free'))).toBe('good');
    expect(cardTone(device('m', 'appliance', 'in-use'))).toBe('busy');
    expect(cardTone(device('m', 'appliance', 'off'))).toBe('off');
    expect(cardTone(device('m', 'appliance', 'unknown'))).toBe('unknown');
    expect(cardTone(device('f', 'fridge', 'ok'))).toBe('good');
    expect(cardTone(device('f', 'fridge', 'too-warm'))).toBe('alert');
    expect(cardTone(device('s', 'presence', 'occupied'))).toBe('busy');
    expect(cardTone(device('s', 'presence', 'clear'))).toBe('good');
  });

  it('shows an offline device as offline whatever its last status, but not one whose link is not known yet', () => {
    expect(cardTone(device('m', 'appliance', 'free', { online: false }))).toBe('offline');
    expect(cardTone(device('m', 'appliance', 'free', { online: null }))).toBe('good');
  });
});

describe('deviceFigure', () => {
  it("shows the fridge's temperature to one decimal, and nothing when offline or unreported", () => {
    expect(deviceFigure(device('f', 'fridge', 'ok', { values: { temperatureC: 4.25 } }))).toBe('4.3 °C');
    expect(deviceFigure(device('f', 'fridge', 'ok', { online: false, values: { temperatureC: 4 } }))).toBeNull();
    expect(deviceFigure(device('f', 'fridge', 'ok'))).toBeNull();
    expect(deviceFigure(device('m', 'appliance', 'in-use', { values: { powerW: 800 } }))).toBeNull();
  });
});

describe('unwatchedServices', () => {
  it('lists the services no sensor watches, in the catalog order', () => {
    const devices = [
      device('microwave', 'appliance', 'free'),
      device('water-dispenser', 'appliance', 'in-use'),
      device('seats', 'presence', 'clear'),
    ];
    expect(unwatchedServices(['water', 'microwave', 'rest', 'toilet', 'wifi'], devices)).toEqual(['toilet', 'wifi']);
  });
});

describe('lastKnownMinutes', () => {
  const now = new Date('2026-11-28T08:12:30Z');
  it('says how old a state kept from before a restart is, and nothing for a confirmed one', () => {
    expect(lastKnownMinutes({ confirmed: false, updatedAt: '2026-11-28T08:00:05.000Z' }, now)).toBe(12);
    expect(lastKnownMinutes({ updatedAt: '2026-11-28T08:00:05.000Z' }, now)).toBeNull();
    expect(lastKnownMinutes({ confirmed: false, updatedAt: null }, now)).toBeNull();
    // A clock set back on the kiosk says 0, not a negative age.
    expect(lastKnownMinutes({ confirmed: false, updatedAt: '2026-11-28T09:00:00.000Z' }, now)).toBe(0);
  });
});

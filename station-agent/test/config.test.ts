import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../src/config.ts';

function configFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'yz-config-')), 'station.yaml');
  writeFileSync(path, text);
  return path;
}

describe('station config', () => {
  it('loads the example stations with the token from the environment', () => {
    for (const name of ['quanshan-sanbao', 'gulou-huaihai']) {
      const path = new URL(`../../examples/stations/${name}.yaml`, import.meta.url).pathname;
      const config = loadAgentConfig(path, { YIZHAN_STATION_TOKEN: 'yzst_example_token' });
      expect(config.station.id).toBe(name);
      expect(config.hub?.token).toBe('yzst_example_token');
      expect(Object.isFrozen(config.devices)).toBe(true);
    }
  });

  it('names the path of every bad field', () => {
    const path = configFile(`
station: { id: Bad Id, name: x, district: y, capacity: -3 }
devices:
  - { id: microwave, kind: appliance, source: { format: tasmota, topic: "a/#" }, inUse: { aboveWatts: 5, belowWatts: 9 } }
`);
    expect(() => loadAgentConfig(path, {})).toThrowError(
      expect.objectContaining({
        code: 'YZ_ERR_CONFIG',
        issues: [
          { path: 'station.id', message: 'lower-case letters, digits and dashes' },
          { path: 'station.capacity', message: expect.stringContaining('expected number to be >0') },
          { path: 'devices.0.source.topic', message: 'no wildcards in a device topic' },
          { path: 'devices.0.inUse', message: 'belowWatts must be below aboveWatts' },
        ],
      }),
    );
  });

  it('refuses duplicate devices and an appliance without thresholds', () => {
    const path = configFile(`
station: { id: a, name: x, district: y, capacity: 3 }
devices:
  - { id: microwave, kind: appliance, source: { format: tasmota, topic: plug } }
  - { id: microwave, kind: fridge, source: { format: zigbee2mqtt, topic: zigbee2mqtt/f } }
`);
    expect(() => loadAgentConfig(path, {})).toThrow(
      `invalid config (${path}):\n  - devices.0.inUse: an appliance needs inUse thresholds\n  - devices.1.id: duplicate device id "microwave"`,
    );
  });

  it('refuses autoOff on what is no plug, and at a station open 24 hours', () => {
    const plug = '{ format: tasmota, topic: kettle }';
    const inUse = '{ aboveWatts: 300, belowWatts: 20 }';
    const path = configFile(`
station: { id: a, name: x, district: y, capacity: 3 }
devices:
  - { id: kettle, kind: appliance, source: ${plug}, inUse: ${inUse}, autoOff: true }
  - { id: fridge, kind: fridge, source: { format: zigbee2mqtt, topic: zigbee2mqtt/f }, autoOff: true }
  - { id: counter, kind: appliance, source: { format: generic-json, topic: c, fields: { powerW: /p } }, inUse: ${inUse}, autoOff: true }
`);
    expect(() => loadAgentConfig(path, {})).toThrow(
      `invalid config (${path}):\n  - devices.0.autoOff: the station is open 24 hours: set station.openingHours for autoOff\n  - devices.1.autoOff: only an appliance on a Tasmota or Shelly plug can be switched off\n  - devices.2.autoOff: only an appliance on a Tasmota or Shelly plug can be switched off`,
    );
    const hours = configFile(`
station: { id: a, name: x, district: y, capacity: 3, openingHours: { from: "08:00", to: "20:00" } }
devices:
  - { id: kettle, kind: appliance, source: ${plug}, inUse: ${inUse}, autoOff: true }
`);
    expect(loadAgentConfig(hours, {}).devices[0]!.autoOff).toBe(true);
  });

  it('refuses a service the kiosk has no words for, and names the ones it has', () => {
    const path = configFile(`
station: { id: a, name: x, district: y, capacity: 3 }
devices:
  - { id: urn, kind: appliance, service: hot-water, source: { format: tasmota, topic: urn }, inUse: { aboveWatts: 300, belowWatts: 30 } }
services: [water, ginger-tea]
`);
    const known = 'a service of: water, microwave, fridge, rest, charging, toilet, first-aid, heating, cooling, ';
    expect(() => loadAgentConfig(path, {})).toThrowError(
      expect.objectContaining({
        issues: [
          { path: 'devices.0.service', message: expect.stringContaining(known) },
          { path: 'services.1', message: expect.stringContaining(known) },
        ],
      }),
    );
  });

  it('refuses a missing environment variable and broken YAML with the file path', () => {
    const env = configFile(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the config file's own placeholder syntax
      'station: { id: a, name: b, district: c, capacity: 2 }\nhub:\n  url: http://x\n  token: ${NOPE}\n',
    );
    expect(() => loadAgentConfig(env, {})).toThrow('environment variable NOPE is not set');
    const yaml = configFile('station: { id: a\n');
    expect(() => loadAgentConfig(yaml, {})).toThrow(`invalid config (${yaml}):\n  - (root): not valid YAML`);
  });

  it('refuses unknown keys at every level, each named by its path', () => {
    const path = configFile(`
station: { id: quanshan-sanbao, name: 三胞广场工会驿站, district: 泉山区, capacity: 20, timezon: Asia/Shanghai }
http: { prot: 8701 }
devcies: []
devices:
  - { id: water, kind: appliance, servce: water, source: { format: tasmota, topic: water_plug, relais: 2 },
      inUse: { aboveWatts: 300, belowWatts: 30 } }
`);
    expect(() => loadAgentConfig(path, {})).toThrowError(
      expect.objectContaining({
        code: 'YZ_ERR_CONFIG',
        issues: [
          { path: 'station.timezon', message: 'unknown key (a typo?)' },
          { path: 'http.prot', message: 'unknown key (a typo?)' },
          { path: 'devices.0.source.relais', message: 'unknown key (a typo?)' },
          { path: 'devices.0.servce', message: 'unknown key (a typo?)' },
          { path: 'devcies', message: 'unknown key (a typo?)' },
        ],
      }),
    );
  });

  it('says that an empty file is empty', () => {
    for (const text of ['', '\n# only a comment\n']) {
      expect(() => loadAgentConfig(configFile(text), {})).toThrowError(
        expect.objectContaining({
          issues: [{ path: '', message: 'the file is empty: it needs at least the station section' }],
        }),
      );
    }
  });
});

/**
 * Remote appliance power (遥控断电) end to end: an admin switches a plug off and on from the hub; the command
 * reaches the plug in its own format (Tasmota `cmnd/<t>/POWER`, Shelly `Switch.Set`); the hub logs who and when,
 * the station keeps its own log, and the kiosk (Chromium) shows the appliance as switched off by the office.
 * A device that is no plug, one the station does not have, or a station off its channel is refused and logged.
 * Then autoOff at closing time, on the agent's injected clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Agent,
  buildAgent,
  type EmbeddedBroker,
  parseAgentConfig,
  startEmbeddedBroker,
} from '@yizhan/station-agent';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { ORIENTATIONS, SCREENSHOT_DIR } from './support/kiosk-page.ts';
import { MqttProbe } from './support/mqtt-probe.ts';
import { type Stack, startStack } from './support/stack.ts';
import { waitFor } from './support/wait.ts';

describe('remote power from the office', () => {
  let stack: Stack;
  let probe: MqttProbe;
  let cookie: string;
  let shelly: string;

  beforeAll(async () => {
    shelly = `shellyplusplugs-${Math.random().toString(36).slice(2, 8)}`;
    stack = await startStack({
      devices: [
        {
          id: 'water',
          kind: 'appliance',
          label: { zh: '饮水机', en: 'Water dispenser' },
          source: { format: 'shelly-gen2', topic: shelly },
          inUse: { aboveWatts: 300, belowWatts: 30 },
        },
      ],
    });
    probe = await MqttProbe.connect(stack.brokerUrl, [`cmnd/${stack.topics.microwave}/#`, `${shelly}/rpc`]);
    cookie = await stack.operatorCookie();
    await waitFor(() => stack.agent.channel?.connected, { what: 'the live channel' });
  });
  afterAll(async () => {
    await probe?.close();
    await stack?.close();
  });

  const power = (device: string, on: boolean) =>
    fetch(`${stack.hubUrl}/api/v1/stations/${stack.stationId}/appliances/${device}/power`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ on }),
    });

  it('switches a Tasmota plug off and on in its format, logged at the hub and at the station, shown on the kiosk', async () => {
    const off = await power('microwave', false);
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ device: 'microwave', on: false, by: 'office', outcome: 'done' });
    expect((await probe.next(`cmnd/${stack.topics.microwave}/POWER`)).payload).toBe('OFF');
    expect(stack.agent.db.prepare('SELECT device, power_on, by FROM appliance_switches').all()).toEqual([
      { device: 'microwave', power_on: 0, by: 'office' },
    ]);

    const browser: TestBrowser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.setViewportSize(ORIENTATIONS.portrait);
      await page.goto(stack.kioskUrl);
      const card = page.locator('[data-device="microwave"]');
      await expect.poll(() => card.getAttribute('data-switched-off')).toBe('office');
      expect(await card.textContent()).toContain('工会已远程关闭');
      expect(await card.locator('.service-status').textContent()).toBe('已关闭');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'kiosk-switched-off-portrait.png'), animations: 'disabled' });

      const on = await power('microwave', true);
      expect(await on.json()).toMatchObject({ on: true, outcome: 'done' });
      expect(probe.on(`cmnd/${stack.topics.microwave}/POWER`).map((m) => m.payload)).toEqual(['OFF', 'ON']);
      await expect.poll(() => card.getAttribute('data-switched-off')).toBeNull();
    } finally {
      await browser.close();
    }
    const log = await fetch(`${stack.hubUrl}/api/v1/stations/${stack.stationId}/appliances/power-log`, {
      headers: { cookie },
    });
    const { commands } = await log.json();
    expect(
      commands.map((c: { device: string; on: boolean; by: string; outcome: string }) => [
        c.device,
        c.on,
        c.by,
        c.outcome,
      ]),
    ).toEqual([
      ['microwave', true, 'office', 'done'],
      ['microwave', false, 'office', 'done'],
    ]);
  });

  it('switches a Shelly plug with Switch.Set', async () => {
    expect((await power('water', false)).status).toBe(200);
    const rpc = JSON.parse((await probe.next(`${shelly}/rpc`)).payload);
    expect(rpc).toMatchObject({
      src: `yizhan-${stack.stationId}`,
      method: 'Switch.Set',
      params: { id: 0, on: false },
    });
    expect(typeof rpc.id).toBe('number');
  });

  it('refuses what is no plug or not there, and a station off its channel, logging each', async () => {
    const pir = await power('rest-area', false);
    expect(pir.status).toBe(400);
    expect((await pir.json()).error.message).toContain('not-switchable');
    const none = await power('sauna', false);
    expect(none.status).toBe(404);
    const bad = await fetch(`${stack.hubUrl}/api/v1/stations/${stack.stationId}/appliances/microwave/power`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ on: 'off' }),
    });
    expect(bad.status).toBe(400);
    await stack.agent.channel!.stop();
    await waitFor(async () => !(await stack.hub.channels.isConnected(stack.stationId)), { what: 'the channel down' });
    const offline = await power('microwave', false);
    expect(offline.status).toBe(503);
    expect((await offline.json()).error.code).toBe('YZ_ERR_STATION_OFFLINE');
    const outcomes = stack.hubRows<{ device: string; outcome: string }>(
      'SELECT device, outcome FROM appliance_power_log ORDER BY id',
    );
    expect(outcomes.slice(-3)).toEqual([
      { device: 'rest-area', outcome: 'not-switchable' },
      { device: 'sauna', outcome: 'unknown-device' },
      { device: 'microwave', outcome: 'station-offline' },
    ]);
    // Nothing reached a plug for any of them.
    expect(probe.on(`cmnd/${stack.topics.microwave}/POWER`)).toHaveLength(2);
    stack.agent.channel!.start();
  });
});

describe('autoOff at closing time', () => {
  let broker: EmbeddedBroker;
  let agent: Agent;
  let probe: MqttProbe;
  let dir: string;
  // 19:59:30 in Xuzhou; the station is open 08:00–20:00.
  const clock = { now: Date.parse('2026-12-21T11:59:30Z') };
  const topic = `kettle-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    // Only the intervals are faked: sockets and the broker keep their real timers.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    dir = mkdtempSync(join(tmpdir(), 'yz-autooff-'));
    broker = await startEmbeddedBroker({ port: 0 });
    probe = await MqttProbe.connect(broker.url, [`cmnd/${topic}/#`, 'cmnd/office-fan/#']);
    const config = parseAgentConfig(
      {
        station: {
          id: 'autooff-test',
          name: '云龙湖畔户外劳动者驿站',
          district: '云龙区',
          capacity: 10,
          openingHours: { from: '08:00', to: '20:00' },
        },
        mqtt: { url: broker.url },
        http: { port: 0 },
        dataDir: join(dir, 'station'),
        devices: [
          {
            id: 'kettle',
            kind: 'appliance',
            source: { format: 'tasmota', topic },
            inUse: { aboveWatts: 300, belowWatts: 20 },
            autoOff: true,
          },
          {
            id: 'fan',
            kind: 'appliance',
            source: { format: 'tasmota', topic: 'office-fan' },
            inUse: { aboveWatts: 20, belowWatts: 5 },
            autoOff: true,
          },
        ],
      },
      dir,
    );
    agent = await buildAgent(config, { now: () => clock.now });
    await agent.start();
  });
  afterAll(async () => {
    await agent?.close();
    await probe?.close();
    await broker?.close();
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('switches autoOff appliances off at closing and on at opening, but not one the office switched off', async () => {
    expect(probe.on(`cmnd/${topic}/POWER`)).toEqual([]);
    clock.now = Date.parse('2026-12-21T12:00:10Z'); // 20:00:10
    await vi.advanceTimersByTimeAsync(30_000);
    await waitFor(
      () => probe.on(`cmnd/${topic}/POWER`).length === 1 && probe.on('cmnd/office-fan/POWER').length === 1,
      {
        what: 'both plugs switched off',
      },
    );
    expect(probe.on(`cmnd/${topic}/POWER`)[0]!.payload).toBe('OFF');
    expect(agent.power.switchedOff()).toEqual([
      { device: 'fan', by: 'opening-hours', at: '2026-12-21T12:00:10.000Z' },
      { device: 'kettle', by: 'opening-hours', at: '2026-12-21T12:00:10.000Z' },
    ]);
    // In the night the office switches the fan off itself (it is broken): opening must not switch it on.
    await agent.power.power('fan', false, 'office');
    clock.now = Date.parse('2026-12-22T00:00:05Z'); // 08:00:05 the next morning
    await vi.advanceTimersByTimeAsync(30_000);
    await waitFor(() => probe.on(`cmnd/${topic}/POWER`).length === 2, { what: 'the kettle on again' });
    expect(probe.on(`cmnd/${topic}/POWER`).map((m) => m.payload)).toEqual(['OFF', 'ON']);
    expect(probe.on('cmnd/office-fan/POWER').map((m) => m.payload)).toEqual(['OFF', 'OFF']);
    expect(agent.power.switchedOff()).toEqual([{ device: 'fan', by: 'office', at: '2026-12-21T12:00:10.000Z' }]);
    expect(agent.db.prepare('SELECT device, power_on, by, at FROM appliance_switches ORDER BY id').all()).toEqual([
      { device: 'kettle', power_on: 0, by: 'opening-hours', at: '2026-12-21T12:00:10.000Z' },
      { device: 'fan', power_on: 0, by: 'opening-hours', at: '2026-12-21T12:00:10.000Z' },
      { device: 'fan', power_on: 0, by: 'office', at: '2026-12-21T12:00:10.000Z' },
      { device: 'kettle', power_on: 1, by: 'opening-hours', at: '2026-12-22T00:00:05.000Z' },
    ]);
  });
});

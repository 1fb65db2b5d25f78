/**
 * The kiosk in a real Chromium against a real agent: a plug's payload published on the broker turns
 * the microwave card from free to in use on screen.
 */
import { tasmota } from '@yizhan/simulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { MqttProbe } from './support/mqtt-probe.ts';
import { type Stack, startStack } from './support/stack.ts';

let stack: Stack;
let browser: TestBrowser;
let probe: MqttProbe;

beforeAll(async () => {
  stack = await startStack();
  probe = await MqttProbe.connect(stack.brokerUrl);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await probe?.close();
  await stack?.close();
});

it('shows the microwave change state after a published payload', async () => {
  const page = await browser.context.newPage();
  await page.goto(stack.kioskUrl);
  await expect.poll(() => page.getByTestId('station-name').textContent()).toBe('三胞广场工会驿站');
  const card = page.locator('[data-device="microwave"]');
  await expect.poll(() => card.getAttribute('data-status')).toBe('unknown');

  const at = new Date();
  const idle = tasmota.sensor(stack.topics.microwave, at, { powerW: 0.5, energyKWh: 30.4 });
  await probe.publish(idle.topic, idle.payload);
  await expect.poll(() => card.getAttribute('data-status')).toBe('free');
  expect(await card.textContent()).toContain('空闲');

  const busy = tasmota.sensor(stack.topics.microwave, at, { powerW: 812.4, energyKWh: 30.47 });
  await probe.publish(busy.topic, busy.payload);
  await expect.poll(() => card.getAttribute('data-status')).toBe('in-use');
  expect(await card.textContent()).toContain('使用中');
  await page.close();
});

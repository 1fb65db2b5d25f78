/**
 * The agent restarts (same port, same data folder) while a kiosk is on screen: the kiosk keeps the last state with
 * a visible "reconnecting" mark, then reconnects by itself and is live again.
 */
import { kioskDistDir } from '@yizhan/kiosk-ui';
import { tasmota } from '@yizhan/simulator';
import { type Agent, buildAgent } from '@yizhan/station-agent';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { MqttProbe } from './support/mqtt-probe.ts';
import { type Stack, startStack } from './support/stack.ts';

let stack: Stack;
let browser: TestBrowser;
let probe: MqttProbe;
let restarted: Agent | undefined;

beforeAll(async () => {
  stack = await startStack();
  probe = await MqttProbe.connect(stack.brokerUrl);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await probe?.close();
  await restarted?.close();
  await stack?.close();
});

it('shows the last state while the agent is down and recovers by itself when it is back', async () => {
  const page = await browser.context.newPage();
  await page.goto(stack.kioskUrl);
  const connection = page.getByTestId('connection');
  const card = page.locator('[data-device="microwave"]');
  await expect.poll(() => connection.getAttribute('data-connected')).toBe('true');
  const idle = tasmota.sensor(stack.topics.microwave, new Date(), { powerW: 0.5, energyKWh: 30.4 });
  await probe.publish(idle.topic, idle.payload);
  await expect.poll(() => card.getAttribute('data-status')).toBe('free');

  const { port } = stack.agent.http.server.address() as { port: number };
  await stack.agent.close();
  await expect.poll(() => connection.getAttribute('data-connected')).toBe('false');
  expect(await connection.textContent()).toContain('正在重新连接…');
  expect(await page.getByTestId('kiosk').getAttribute('class')).toContain('is-stale');
  expect(await page.getByTestId('station-name').textContent()).toBe('三胞广场工会驿站');
  expect(await card.getAttribute('data-status')).toBe('free');

  restarted = await buildAgent(stack.agent.config, { kioskDir: kioskDistDir });
  await restarted.http.listen({ host: '127.0.0.1', port });
  await restarted.start();
  await expect.poll(() => connection.getAttribute('data-connected'), { timeout: 15_000 }).toBe('true');
  expect(await page.getByTestId('kiosk').getAttribute('class')).not.toContain('is-stale');

  const busy = tasmota.sensor(stack.topics.microwave, new Date(), { powerW: 812.4, energyKWh: 30.47 });
  await probe.publish(busy.topic, busy.payload);
  await expect.poll(() => card.getAttribute('data-status')).toBe('in-use');
  await page.close();
});

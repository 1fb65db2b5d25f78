/**
 * The kiosk when the lock stays silent after an unlock: the welcome is followed by "the lock did not respond;
 * your visit is recorded, ask the attendant", so nobody stands at a shut door told that it is open. A lock
 * that answers leaves the welcome as it was. Real agent, real lock topics, Chromium.
 */
import { join } from 'node:path';
import { agentTopics, type LockOutcome } from '@yizhan/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { openKioskPage, SCREENSHOT_DIR, seriousA11yViolations } from './support/kiosk-page.ts';
import { MqttProbe } from './support/mqtt-probe.ts';
import { type Stack, startStack } from './support/stack.ts';

let stack: Stack;
let browser: TestBrowser;
let probe: MqttProbe;
const lockCommand = () => `cmnd/${stack.topics.lock}/POWER`;

beforeAll(async () => {
  stack = await startStack({ door: { lockAnswer: { timeoutSeconds: 1 } } });
  probe = await MqttProbe.connect(stack.brokerUrl, [lockCommand(), agentTopics(stack.stationId).doorLock]);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await probe?.close();
  await stack?.close();
});

const openKiosk = () => openKioskPage(browser.context, stack.kioskUrl);

/** Scans a fresh code of a rider and waits for the welcome; returns the lock outcomes seen before it. */
async function admitRider(page: Page, member: string): Promise<number> {
  const outcomesBefore = probe.on(agentTopics(stack.stationId).doorLock).length;
  const code = await stack.hub.admin.issueMemberCode({ member, category: 'rider' });
  await probe.publish(agentTopics(stack.stationId).doorScan, code);
  await expect.poll(() => page.getByTestId('door-moment').getAttribute('data-category')).toBe('rider');
  return outcomesBefore;
}

const lockOutcome = async (after: number): Promise<LockOutcome> =>
  JSON.parse((await probe.next(agentTopics(stack.stationId).doorLock, after)).payload);

describe('the lock after an unlock', () => {
  it('turns the welcome into "the lock did not respond" when the lock stays silent', async () => {
    const page = await openKiosk();
    const outcomesBefore = await admitRider(page, 'rider-at-a-silent-door');
    expect(await lockOutcome(outcomesBefore)).toMatchObject({ lock: 'no-answer' });
    const moment = page.getByTestId('door-moment');
    await expect.poll(() => moment.getAttribute('data-lock')).toBe('no-answer');
    const text = await moment.textContent();
    expect(text).toContain('门锁没有回应');
    expect(text).toContain('您的到访已登记。如果门没有打开，请联系值班人员。');
    expect(text).not.toContain('门已打开');
    expect(await moment.getAttribute('class')).toContain('refusal');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'kiosk-lock-no-answer-portrait.png'), animations: 'disabled' });
    await page.close();
  });

  it('keeps the welcome when the lock answers', async () => {
    const page = await openKiosk();
    const commandsBefore = probe.on(lockCommand()).length;
    const outcomesBefore = await admitRider(page, 'rider-at-a-working-door');
    expect((await probe.next(lockCommand(), commandsBefore)).payload).toBe('ON');
    // What a Tasmota relay says when it switched.
    await probe.publish(`stat/${stack.topics.lock}/POWER`, 'ON');
    expect(await lockOutcome(outcomesBefore)).toMatchObject({ lock: 'confirmed' });
    // Past the lock's answer timeout (1 s): a no-answer would have come by now.
    await page.waitForTimeout(1_500);
    const moment = page.getByTestId('door-moment');
    expect(await moment.getAttribute('data-lock')).toBeNull();
    expect(await moment.textContent()).toContain('门已打开，请进来歇一歇');
    await page.close();
  });
});

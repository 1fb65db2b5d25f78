/**
 * Alarm alerts in a real Chromium against the demo's plan with two real agents: the live count in the nav and the
 * page title, a notice for each new alarm, 驿站失联 for a station gone silent (cleared when it speaks), escalation
 * of an alarm nobody acknowledged within alarms.escalateMinutes, and each posted as generic JSON to a webhook —
 * a local receiver that refuses the first post, so the retry is seen too.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { SCREENSHOT_DIR } from './support/kiosk-page.ts';
import { type OfficeWorld, signIn, startOfficeWorld } from './support/office-world.ts';
import { waitFor } from './support/wait.ts';

interface Posted {
  msgtype: string;
  text: { content: string };
  event: string;
  alarm: { stationId: string; rule: string; title: { zh: string }; detail: { zh: string } };
}

let world: OfficeWorld;
let browser: TestBrowser;
let page: Page;
let receiver: Server;
const posted: Posted[] = [];
let refuseNext = 1;

const SANBAO = 'quanshan-sanbao';
const DALONG = 'yunlong-dalong';

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      if (refuseNext > 0) {
        refuseNext -= 1;
        res.writeHead(502).end('bad gateway');
        return;
      }
      posted.push(JSON.parse(body) as Posted);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as { port: number }).port;
  world = await startOfficeWorld({
    hub: {
      alarms: {
        silentAfterMinutes: 30,
        escalateMinutes: 30,
        checkSeconds: 0.2,
        webhook: { url: `http://127.0.0.1:${port}/robot/send?key=test`, timeoutSeconds: 2 },
      },
    },
  });
  browser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  await signIn(page, world.url);
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

/** Both agents have been heard from at or after `at` (the hub's time). */
async function heardSince(at: number): Promise<void> {
  await waitFor(
    async () => {
      for (const id of world.agents.keys()) {
        const { station } = (await (await world.api('GET', `/api/v1/stations/${id}`)).json()) as {
          station: { lastSeenAt: string | null };
        };
        if (station.lastSeenAt === null || Date.parse(station.lastSeenAt) < at) return false;
      }
      return true;
    },
    { what: 'both agents heard from' },
  );
}

const notice = (text: string) => page.locator('.alarm-notice', { hasText: text });

describe('alarm alerts', () => {
  it('counts new alarms in the nav and the title, with a notice, and posts each to the webhook', async () => {
    expect(await page.getByTestId('alarm-badge').count()).toBe(0);
    expect(await page.title()).toBe('工会驿站管理平台 · Union station office');
    const sanbao = world.agents.get(SANBAO)!;
    await world.devices.publish(sanbao.topics.door, JSON.stringify({ contact: true, battery: 7 }));

    const raised = notice('三胞广场工会驿站');
    await raised.waitFor({ timeout: 15_000 });
    expect(await raised.locator('strong').textContent()).toBe('新告警');
    expect(await raised.textContent()).toContain('电池电量低');
    expect(await raised.textContent()).toContain('北门门磁电量 7%');
    expect(await page.getByTestId('alarm-badge').textContent()).toBe('1');
    expect(await page.title()).toBe('(1) 工会驿站管理平台 · Union station office');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'office-alarm-notice.png'), animations: 'disabled' });

    // The receiver refused the first post: it comes again after its wait (30 s of the hub's time).
    expect(refuseNext).toBe(0);
    expect(posted).toEqual([]);
    world.clock.offset += 31_000;
    const first = await waitFor(() => posted[0], { timeoutMs: 5_000, what: 'the webhook post' });
    expect(first).toMatchObject({
      msgtype: 'text',
      event: 'alarm.raised',
      alarm: { stationId: SANBAO, rule: 'battery-low', title: { zh: '电池电量低' }, detail: { zh: '北门门磁电量 7%' } },
    });
    expect(first.text.content).toMatch(/^【驿站告警】泉山区 三胞广场工会驿站：电池电量低，北门门磁电量 7%（/);
  });

  it('raises 驿站失联 for a station silent past alarms.silentAfterMinutes, and escalates what nobody acknowledged', async () => {
    // Twenty minutes on every played station speaks but 大龙湖; eleven more and 大龙湖 has been silent over half
    // an hour, as the battery alarm has been unacknowledged.
    world.clock.offset += 20 * 60_000;
    for (const id of world.tokens.keys()) {
      if (id !== DALONG) await world.stationSends(id, [{ type: 'heartbeat', body: { uptimeSeconds: 1 } }]);
    }
    // The agents are heard every second, as real ones are through those twenty minutes.
    await heardSince(Date.now() + world.clock.offset);
    world.clock.offset += 11 * 60_000;
    const silent = notice('大龙湖工会驿站');
    await silent.waitFor({ timeout: 15_000 });
    expect(await silent.textContent()).toContain('驿站失联');
    expect(await silent.textContent()).toMatch(/已 3\d 分钟没有联系/);
    const escalated = page.locator('.alarm-notice.escalated', { hasText: '三胞广场工会驿站' });
    await escalated.waitFor();
    expect(await escalated.locator('strong').textContent()).toBe('告警升级：无人确认');
    const open = (await (await world.api('GET', '/api/v1/alarms?status=open')).json()) as {
      alarms: { stationId: string; rule: string }[];
    };
    expect(open.alarms.map((a) => [a.stationId, a.rule])).toEqual([
      [DALONG, 'station-silent'],
      [SANBAO, 'battery-low'],
    ]);
    await page.getByTestId('alarm-badge').filter({ hasText: /^2$/ }).waitFor();
    await waitFor(
      () => posted.some((p) => p.event === 'alarm.escalated') && posted.some((p) => p.alarm.rule === 'station-silent'),
      {
        what: 'the escalation and the silent station at the webhook',
      },
    );
    expect(posted.find((p) => p.event === 'alarm.escalated')!.text.content).toMatch(
      /^【告警升级·无人确认】泉山区 三胞广场工会驿站/,
    );
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'office-alarm-escalated.png'), animations: 'disabled' });

    await page.getByRole('link', { name: /^告警/ }).first().click();
    const row = page.locator('tr[data-alarm]', { hasText: '大龙湖工会驿站' });
    await row.waitFor();
    expect(await row.locator('td[data-rule]').textContent()).toBe('驿站失联');
    expect(await page.locator('tr[data-alarm]', { hasText: '电池电量低' }).locator('[data-escalated]').count()).toBe(1);

    // 大龙湖 speaks again: its alarm clears, the badge goes down.
    await world.stationSends(DALONG, [{ type: 'heartbeat', body: { uptimeSeconds: 2 } }]);
    await row.locator('[data-status="cleared"]').waitFor();
    await waitFor(async () => (await page.getByTestId('alarm-badge').textContent()) === '1', {
      what: 'the badge at 1',
    });
  });
});

/**
 * For the kiosk's browser tests and benchmark: a week of the demo station's content (events, notices, nearby
 * stations) as the hub's bundle carries it, and an axe-core check of the page as it is.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Bundle } from '@yizhan/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Where the tests write the kiosk screenshots the docs show. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

export const ORIENTATIONS = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
} as const;

/** Monday 21 December 2026, 10:00 in Xuzhou: the free haircut is on, the solstice dumplings are this afternoon. */
export const KIOSK_MORNING = new Date('2026-12-21T10:00:00+08:00');
/** The same night, 23:30: night mode. */
export const KIOSK_NIGHT = new Date('2026-12-21T23:30:00+08:00');

type KioskBundle = Pick<Bundle, 'events' | 'announcements' | 'nearby' | 'services' | 'injuryDeclarationUrl'>;

export const KIOSK_CONTENT: KioskBundle = {
  services: ['water', 'microwave', 'rest', 'charging', 'toilet', 'first-aid', 'heating', 'hot-drinks', 'wifi'],
  events: [
    {
      id: 'haircut-2026-12-21',
      title: { zh: '爱心理发', en: 'Free haircut' },
      description: { zh: '志愿理发师每周一上午来站服务', en: 'Volunteer barbers every Monday morning' },
      audience: { zh: '所有户外劳动者', en: 'All outdoor workers' },
      startsAt: '2026-12-21T09:00:00+08:00',
      endsAt: '2026-12-21T11:00:00+08:00',
      recurring: true,
      repeats: { zh: '每周一', en: 'Every Monday' },
    },
    {
      id: 'solstice-2026',
      title: { zh: '冬至包饺子', en: 'Winter Solstice dumplings' },
      description: {
        zh: '一起包饺子过冬至，女职工领暖心礼包',
        en: 'Make dumplings together; gift packs for women workers',
      },
      bring: { zh: '工会会员卡（领礼包）', en: 'Your union card (for the gift pack)' },
      audience: { zh: '骑手、快递员、女职工', en: 'Riders, couriers, women workers' },
      startsAt: '2026-12-21T16:00:00+08:00',
      endsAt: '2026-12-21T19:00:00+08:00',
      recurring: false,
    },
    {
      id: 'legal-aid-2026-12-23',
      title: { zh: '普法日 · 律师坐诊', en: 'Legal-aid day: volunteer lawyers' },
      description: { zh: '欠薪、工伤、劳动合同，律师免费解答', en: 'Unpaid wages, injuries, contracts: free advice' },
      bring: { zh: '劳动合同、工资记录', en: 'Your contract and pay records' },
      audience: { zh: '所有劳动者', en: 'Every worker' },
      startsAt: '2026-12-23T14:00:00+08:00',
      endsAt: '2026-12-23T17:00:00+08:00',
      recurring: false,
    },
    {
      id: 'health-2026-12-25',
      title: { zh: '免费健康体检', en: 'Free health check' },
      audience: { zh: '环卫工人、建筑工人', en: 'Sanitation and construction workers' },
      startsAt: '2026-12-25T09:30:00+08:00',
      endsAt: '2026-12-25T11:30:00+08:00',
      recurring: false,
    },
  ],
  announcements: [
    {
      id: 'porridge',
      text: {
        zh: '冬季每天 7:00–9:00 免费供应热粥、姜茶',
        en: 'Free hot porridge and ginger tea, 7:00–9:00 every winter day',
      },
      startsAt: '2026-11-01T00:00:00+08:00',
      endsAt: null,
    },
    {
      id: 'water-works',
      text: {
        zh: '12月24日 14:00–16:00 饮水机检修暂停供水',
        en: 'Water dispenser off for repairs on 24 Dec, 14:00–16:00',
      },
      startsAt: '2026-12-20T00:00:00+08:00',
      endsAt: '2026-12-24T16:00:00+08:00',
    },
  ],
  nearby: [
    { id: 'gulou-huaihai', name: '淮海路工会驿站', district: '鼓楼区', distanceM: 1200, open24h: true },
    {
      id: 'yunlong-lakeside',
      name: '云龙湖畔户外劳动者驿站',
      district: '云龙区',
      distanceM: 2800,
      open24h: false,
      hours: '08:00-20:00',
    },
    {
      id: 'jingkai-hub',
      name: '徐州经开区工会驿站',
      district: '徐州经开区',
      distanceM: 6500,
      open24h: false,
      hours: '07:00-22:00',
    },
  ],
  injuryDeclarationUrl: 'https://gh.xzzgh.org.cn/injury/declare?via=station%3Aquanshan-sanbao',
};

/** Serious and critical axe-core violations on the page as it is now, as `rule: target` lines. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{
            violations: { id: string; impact: string | null; nodes: { target: string[]; failureSummary?: string }[] }[];
          }>;
        };
      }
    ).axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary ?? ''})`));
}

/** A kiosk page of the agent at `url`, once it is connected to its agent. */
export async function openKioskPage(
  context: BrowserContext,
  url: string,
  orientation: keyof typeof ORIENTATIONS = 'portrait',
): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(ORIENTATIONS[orientation]);
  await page.goto(url);
  await expect.poll(() => page.getByTestId('connection').getAttribute('data-connected')).toBe('true');
  return page;
}

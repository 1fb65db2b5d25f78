import type { ScheduledEvent } from '@yizhan/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { kioskContentOf } from '../../src/kiosk/kiosk-content.ts';
import { joinQrSvg } from '../../src/routes/kiosk-content.ts';
import { NOW, routeAgent, testBundle } from '../routes/agent.ts';

const haircut: ScheduledEvent = {
  id: 'haircut-2026-12-21',
  title: { zh: '爱心理发', en: 'Free haircut' },
  startsAt: '2026-12-21T09:00:00+08:00',
  endsAt: '2026-12-21T11:00:00+08:00',
  recurring: true,
};
const dumplings: ScheduledEvent = {
  id: 'solstice',
  title: { zh: '冬至包饺子', en: 'Winter Solstice dumplings' },
  startsAt: '2026-12-21T16:00:00+08:00',
  endsAt: '2026-12-21T19:00:00+08:00',
  recurring: false,
};
const ended: ScheduledEvent = {
  ...haircut,
  id: 'haircut-2026-12-14',
  startsAt: '2026-12-14T09:00:00+08:00',
  endsAt: '2026-12-14T11:00:00+08:00',
};

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('kioskContentOf', () => {
  it('takes services from the config until the bundle has a catalog, and the zone and display from the config', async () => {
    const built = await routeAgent({
      joinUnionUrl: 'https://ghxz.example.cn/join',
      idleSeconds: 45,
      nightMode: { from: '22:00', to: '06:00' },
    });
    close = built.close;
    const content = kioskContentOf(built.agent.config, undefined, new Date(NOW));
    expect(content).toEqual({
      services: ['water', 'microwave', 'rest'],
      events: [],
      announcements: [],
      nearby: [],
      replies: [],
      joinUnionUrl: 'https://ghxz.example.cn/join',
      timezone: 'Asia/Shanghai',
      display: { idleSeconds: 45, nightMode: { from: '22:00', to: '06:00' } },
    });
    const withCatalog = kioskContentOf(built.agent.config, testBundle({ services: ['water', 'wifi'] }), new Date(NOW));
    expect(withCatalog.services).toEqual(['water', 'wifi']);
  });

  it('drops ended events and announcements, orders events by start and nearby stations by distance', async () => {
    const built = await routeAgent();
    close = built.close;
    const bundle = testBundle({
      events: [dumplings, ended, haircut],
      announcements: [
        { id: 'old', text: { zh: '旧', en: 'Old' }, startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-20T00:00:00Z' },
        { id: 'open', text: { zh: '姜茶', en: 'Ginger tea' }, startsAt: '2026-12-01T00:00:00Z', endsAt: null },
      ],
      nearby: [
        { id: 'far', name: '远', district: '鼓楼区', distanceM: 2400, open24h: true },
        { id: 'near', name: '近', district: '泉山区', distanceM: 600, open24h: false, hours: '08:00-20:00' },
      ],
    });
    const content = kioskContentOf(built.agent.config, bundle, new Date(NOW));
    expect(content.events.map((e) => e.id)).toEqual(['haircut-2026-12-21', 'solstice']);
    expect(content.announcements.map((a) => a.id)).toEqual(['open']);
    expect(content.nearby.map((n) => n.id)).toEqual(['near', 'far']);
    expect(content.display).toEqual({ idleSeconds: 90, nightMode: undefined });
  });
});

describe('GET /api/content and /api/join-qr.svg', () => {
  it('lists the office’s replies newest first under their case numbers, with what this station’s report was about', async () => {
    const built = await routeAgent();
    close = built.close;
    const reported = await built.agent.http.inject({
      method: 'POST',
      url: '/api/feedback',
      payload: { category: 'gate' },
    });
    const { feedbackId, caseNumber } = reported.json();
    built.agent.bundle.save(
      testBundle({
        feedbackReplies: [
          { feedbackId, status: 'resolved', reply: '门禁已维修', updatedAt: '2026-12-20T08:00:00.000Z' },
          // A case this station no longer holds (or another station's software made).
          {
            feedbackId: 'b07e11aa-0000-4000-8000-000000000002',
            status: 'assigned',
            reply: '已派人查看',
            updatedAt: '2026-12-21T01:00:00.000Z',
          },
        ],
      }),
      new Date(NOW),
    );
    const res = await built.agent.http.inject({ method: 'GET', url: '/api/content' });
    expect(res.json().replies).toEqual([
      { caseNumber: 'B07E11', status: 'assigned', reply: '已派人查看', updatedAt: '2026-12-21T01:00:00.000Z' },
      { caseNumber, category: 'gate', status: 'resolved', reply: '门禁已维修', updatedAt: '2026-12-20T08:00:00.000Z' },
    ]);
  });

  it('serves the content of the cached bundle', async () => {
    const built = await routeAgent();
    close = built.close;
    built.agent.bundle.save(testBundle({ events: [haircut] }), new Date(NOW));
    const res = await built.agent.http.inject({ method: 'GET', url: '/api/content' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      events: [haircut],
      services: ['water', 'microwave', 'rest'],
      timezone: 'Asia/Shanghai',
    });
  });

  it('renders the join-the-union QR as SVG on the server', async () => {
    const built = await routeAgent({ joinUnionUrl: 'https://ghxz.example.cn/join' });
    close = built.close;
    const res = await built.agent.http.inject({ method: 'GET', url: '/api/join-qr.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(res.body).toContain('<path');
  });

  it('answers 404 with a code when no join URL is configured', async () => {
    const built = await routeAgent();
    close = built.close;
    const res = await built.agent.http.inject({ method: 'GET', url: '/api/join-qr.svg' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'YZ_ERR_NOT_FOUND', message: 'no joinUnionUrl in the kiosk config' },
    });
  });

  it('draws the injury declaration QR from the bundle, again when the bundle changes it, and 404 without one', async () => {
    const built = await routeAgent();
    close = built.close;
    const none = await built.agent.http.inject({ method: 'GET', url: '/api/injury-qr.svg' });
    expect(none.json()).toEqual({
      error: { code: 'YZ_ERR_NOT_FOUND', message: 'the hub sends no injury declaration page' },
    });
    const first = 'https://gh.example.cn/injury/declare?via=station%3Aquanshan-sanbao';
    built.agent.bundle.save(testBundle({ injuryDeclarationUrl: first }), new Date(NOW));
    expect((await built.agent.http.inject({ method: 'GET', url: '/api/content' })).json().injuryDeclarationUrl).toBe(
      first,
    );
    const qr = await built.agent.http.inject({ method: 'GET', url: '/api/injury-qr.svg' });
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toBe('image/svg+xml');
    expect(qr.body).toBe(await joinQrSvg(first));
    const second = 'https://gh2.example.cn/injury/declare?via=station%3Aquanshan-sanbao';
    built.agent.bundle.save(testBundle({ injuryDeclarationUrl: second }), new Date(NOW));
    expect((await built.agent.http.inject({ method: 'GET', url: '/api/injury-qr.svg' })).body).toBe(
      await joinQrSvg(second),
    );
  });
});

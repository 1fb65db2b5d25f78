import { afterEach, describe, expect, it } from 'vitest';
import { NOW, routeAgent } from './agent.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const rows = (built: Awaited<ReturnType<typeof routeAgent>>, sql: string) => built.agent.db.prepare(sql).all();

describe('POST /api/feedback', () => {
  it('stores the report and its feedback.created outbox event together', async () => {
    const built = await routeAgent();
    close = built.close;
    const res = await built.agent.http.inject({
      method: 'POST',
      url: '/api/feedback',
      payload: { category: 'gate', place: '  小区东门，道闸不让电动车进  ' },
    });
    expect(res.statusCode).toBe(201);
    const { feedbackId, caseNumber } = res.json();
    expect(feedbackId).toMatch(/^[0-9a-f-]{36}$/);
    // The number the worker reads off the kiosk: the report id's first six hex digits.
    expect(caseNumber).toBe(feedbackId.slice(0, 6).toUpperCase());
    const at = new Date(NOW).toISOString();
    expect(rows(built, 'SELECT id, at, category, place FROM feedback')).toEqual([
      { id: feedbackId, at, category: 'gate', place: '小区东门，道闸不让电动车进' },
    ]);
    expect(built.agent.outbox.pending(10)).toEqual([
      {
        epoch: built.agent.outbox.epoch,
        seq: 1,
        type: 'feedback.created',
        at,
        body: { feedbackId, category: 'gate', place: '小区东门，道闸不让电动车进' },
      },
    ]);
  });

  it('treats a blank place as none', async () => {
    const built = await routeAgent();
    close = built.close;
    const res = await built.agent.http.inject({
      method: 'POST',
      url: '/api/feedback',
      payload: { category: 'no-signal', place: '   ' },
    });
    expect(res.statusCode).toBe(201);
    expect(rows(built, 'SELECT category, place FROM feedback')).toEqual([{ category: 'no-signal', place: null }]);
    expect(built.agent.outbox.pending(10).map((e) => e.body)).toEqual([
      { feedbackId: res.json().feedbackId, category: 'no-signal' },
    ]);
  });

  it.each([
    [
      { category: 'lost-cat' },
      {
        path: 'category',
        message: 'Invalid option: expected one of "signage"|"gate"|"no-signal"|"unsafe"|"broken"|"other"',
      },
    ],
    [
      {},
      {
        path: 'category',
        message: 'Invalid option: expected one of "signage"|"gate"|"no-signal"|"unsafe"|"broken"|"other"',
      },
    ],
    [
      { category: 'broken', place: 'x'.repeat(501) },
      { path: 'place', message: 'Too big: expected string to have <=500 characters' },
    ],
    [
      { category: 'broken', name: '张三' },
      { path: '', message: 'Unrecognized key: "name"' },
    ],
  ])('refuses %j with a coded 400 naming the field, and writes nothing', async (payload, issue) => {
    const built = await routeAgent();
    close = built.close;
    const res = await built.agent.http.inject({ method: 'POST', url: '/api/feedback', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'YZ_ERR_INVALID_BODY', message: 'invalid body', issues: [issue] } });
    expect(rows(built, 'SELECT * FROM feedback')).toEqual([]);
    expect(built.agent.outbox.pendingCount()).toBe(0);
  });
});

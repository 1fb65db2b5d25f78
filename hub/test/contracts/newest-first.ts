/**
 * The list contract alarms and feedback cases share: rows the stations report, listed newest first by
 * (time, station, id), in keyset pages. Each suite adds the filters and changes of its own noun.
 */
import type { OutboxEvent } from '@yizhan/shared';
import { expect, it } from 'vitest';
import { encodeCursor, type Page, type PageRequest } from '../../src/paging.ts';
import type { StationScope } from '../../src/scope.ts';
import type { HubStore } from '../../src/store.ts';
import {
  addStations,
  allPages,
  expectInvalidCursor,
  FORGED_CURSORS,
  GULOU,
  ingest,
  QUANSHAN,
  stationProfile,
} from './engine.ts';

export const A = stationProfile('quanshan-sanbao', QUANSHAN);
export const A2 = stationProfile('quanshan-tongshan', QUANSHAN);
export const B = stationProfile('gulou-huaihai', GULOU);
export const T1 = '2026-11-28T01:00:00.000Z';
export const T2 = '2026-11-28T02:00:00.000Z';
export const T3 = '2026-11-28T03:00:00.000Z';
export const minutesAfter = (at: string, minutes: number) => new Date(Date.parse(at) + minutes * 60_000).toISOString();

export interface StationHistory<Row> {
  /** What a row is called in test names: "alarm", "case". */
  noun: string;
  /** The name its cursors carry, and that of the other history list, whose cursors have the same shape. */
  cursors: { own: string; other: string };
  /** The outbox event that reports row `id` at `at`. */
  report(seq: number, id: string, at: string): OutboxEvent;
  list(store: HubStore, query: StationScope, page: PageRequest): Promise<Page<Row>>;
  /** The row as the store holds it straight after its report. */
  reported(stationId: string, id: string, at: string): Row;
}

export function describeNewestFirstList<Row>(store: () => HubStore, history: StationHistory<Row>): void {
  const { noun, report, reported } = history;
  const list = (query: StationScope, page: PageRequest) => history.list(store(), query, page);
  const reportAt = (stationId: string, ids: string[], at: (n: number) => string) =>
    ingest(
      store(),
      stationId,
      ids.map((id, i) => report(i + 1, id, at(i + 1))),
    );
  const walk = (query: StationScope, limit: number) => allPages((page) => list(query, page), limit);

  it(`lists newest first; a tie goes by station, then ${noun} id, both descending`, async () => {
    await addStations(store(), A, B);
    await ingest(store(), A.id, [report(1, 'x1', T1), report(2, 'x2', T3), report(3, 'x3', T3)]);
    await ingest(store(), B.id, [report(1, 'y1', T2), report(2, 'y2', T3)]);
    expect(await list({}, { limit: 10 })).toEqual({
      items: [
        reported(A.id, 'x3', T3),
        reported(A.id, 'x2', T3),
        reported(B.id, 'y2', T3),
        reported(B.id, 'y1', T2),
        reported(A.id, 'x1', T1),
      ],
      next: null,
    });
  });

  it(`is empty with no ${noun}s, and for a scope without any`, async () => {
    await addStations(store(), A, B);
    expect(await list({}, { limit: 10 })).toEqual({ items: [], next: null });
    await ingest(store(), A.id, [report(1, 'x1', T1)]);
    expect(await list({ district: GULOU }, { limit: 10 })).toEqual({ items: [], next: null });
    expect(await list({ stationId: A2.id }, { limit: 10 })).toEqual({ items: [], next: null });
    expect(await list({ stationId: 'nowhere' }, { limit: 10 })).toEqual({ items: [], next: null });
  });

  it(`gives exactly \`limit\` ${noun}s on one page and one more on a second page, a filter kept`, async () => {
    await addStations(store(), A, B);
    await reportAt(A.id, ['x1', 'x2', 'x3'], (n) => minutesAfter(T1, n));
    const [x1, x2, x3] = [1, 2, 3].map((n) => reported(A.id, `x${n}`, minutesAfter(T1, n)));
    expect(await walk({}, 3)).toEqual([[x3, x2, x1]]);
    await ingest(store(), B.id, [report(1, 'y0', T1)]);
    expect(await walk({}, 3)).toEqual([[x3, x2, x1], [reported(B.id, 'y0', T1)]]);
    expect(await walk({ stationId: A.id }, 2)).toEqual([[x3, x2], [x1]]);
    expect(await walk({ district: QUANSHAN }, 1)).toEqual([[x3], [x2], [x1]]);
  });

  it(`keeps its place as ${noun}s arrive between pages: newer ones stay above, a later tie below`, async () => {
    await addStations(store(), A, B);
    await reportAt(A.id, ['x1', 'x2', 'x3', 'x4'], (n) => minutesAfter(T1, n));
    const [x1, x2, x3, x4] = [1, 2, 3, 4].map((n) => reported(A.id, `x${n}`, minutesAfter(T1, n)));
    const first = await list({}, { limit: 2 });
    expect(first.items).toEqual([x4, x3]);
    await ingest(store(), A.id, [report(5, 'x5', T3)]);
    // Reported at x3's time by a station that sorts before A: it belongs after x3.
    await ingest(store(), B.id, [report(1, 'y1', minutesAfter(T1, 3))]);
    const second = await list({}, { limit: 2, before: first.next! });
    expect(second.items).toEqual([reported(B.id, 'y1', minutesAfter(T1, 3)), x2]);
    expect(await list({}, { limit: 2, before: second.next! })).toEqual({ items: [x1], next: null });
  });

  it('refuses a forged cursor, and a cursor of another list, with YZ_ERR_INVALID_QUERY', async () => {
    await addStations(store(), A, B);
    await ingest(store(), A.id, [report(1, 'x1', T1)]);
    for (const before of FORGED_CURSORS) await expectInvalidCursor(list({}, { limit: 10, before }));
    const stations = await store().stations.list({}, { limit: 1 });
    await expectInvalidCursor(list({}, { limit: 10, before: stations.next! }));
    // A cursor of the other history has this one's shape: its name is what refuses it.
    await expectInvalidCursor(list({}, { limit: 10, before: encodeCursor(history.cursors.other, [T1, A.id, 'x1']) }));
    expect(
      (await list({}, { limit: 10, before: encodeCursor(history.cursors.own, [T2, A.id, 'x9']) })).items,
    ).toHaveLength(1);
  });
}

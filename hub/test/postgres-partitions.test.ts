/** The event history's monthly partitions on PostgreSQL: made ahead, dropped past retention, never stuck. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshSchema, type TestSchema } from '../../tests/support/postgres.ts';
import { openPostgresHubStore } from '../src/postgres/hub-store.ts';
import type { HubStore } from '../src/store.ts';
import { STATION_A, visit } from './hub-fixture.ts';

let schema: TestSchema;
let store: HubStore | undefined;
const partitions = async () =>
  (
    await schema.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'events'::regclass ORDER BY 1`,
    )
  ).map((r) => r.name);
const month = (offset: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
};
const table = (m: string) => `events_y${m.slice(0, 4)}m${m.slice(5, 7)}`;

beforeEach(async () => {
  schema = await freshSchema('yz_parts');
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  await schema.drop();
});

describe('event partitions', () => {
  it('makes two months back and three ahead, and drops months past the retention time', async () => {
    store = await openPostgresHubStore({ url: schema.url, retentionMonths: 2 });
    // With two months kept, the month before last is already past.
    expect(await partitions()).toEqual([
      'events_default',
      table(month(-1)),
      table(month(0)),
      table(month(1)),
      table(month(2)),
      table(month(3)),
    ]);
  });

  it('moves a month held by the default partition into its own when the month is made', async () => {
    store = await openPostgresHubStore({ url: schema.url });
    await store.stations.insert(
      { ...STATION_A, address: null, city: null, province: null },
      'h',
      '2026-01-01T00:00:00.000Z',
    );
    // As if the month three ahead were not made yet: a station whose clock runs ahead sends an event of it.
    await schema.query(`DROP TABLE ${table(month(3))}`);
    const ahead = `${month(3)}-10T08:00:00.000Z`;
    await store.sync.ingest(
      STATION_A.id,
      'epoch-ahead',
      [visit(1, 'rider', 'code', ahead)],
      (at) => at.slice(0, 13),
      ahead,
    );
    await store.close();
    expect(await schema.query('SELECT count(*)::int AS n FROM events_default')).toEqual([{ n: 1 }]);
    // The next start makes that month: the event moves into it, and the start does not fail.
    store = await openPostgresHubStore({ url: schema.url });
    expect(await partitions()).toContain(table(month(3)));
    expect(await schema.query('SELECT count(*)::int AS n FROM events_default')).toEqual([{ n: 0 }]);
    expect(await schema.query(`SELECT seq::int FROM ${table(month(3))}`)).toEqual([{ seq: 1 }]);
    // And the event is still known: sent again, it is not counted again.
    expect(
      await store.sync.ingest(
        STATION_A.id,
        'epoch-ahead',
        [visit(1, 'rider', 'code', ahead)],
        (at) => at.slice(0, 13),
        ahead,
      ),
    ).toEqual({ ackSeq: 1, inserted: 0 });
  });
});

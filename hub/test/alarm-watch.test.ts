/**
 * The alarm webhook between hub processes and with a slow receiver: two watches on one store stand for two
 * processes. A process posting a batch slowly keeps its lease, so the other never posts the same notices; and
 * ticks while a look is under way are skipped, not queued behind it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AlarmWatch, type PostJson } from '../src/alarms/alarm-watch.ts';
import type { AlarmSettings } from '../src/config.ts';
import { OfficeFeed } from '../src/live/office-feed.ts';
import { openSqliteHubStore } from '../src/sqlite/hub-store.ts';
import type { HubStore } from '../src/store.ts';
import { addStations, ingest, QUANSHAN, raised, stationProfile } from './contracts/engine.ts';

const AT = Date.parse('2026-11-28T02:00:00.000Z');
const SETTINGS: AlarmSettings = {
  silentAfterMinutes: 0,
  escalateMinutes: 0,
  checkSeconds: 15,
  webhook: { url: 'http://127.0.0.1:9/alarms', timeoutSeconds: 10 },
};

let dir: string;
let store: HubStore;
const clock = { now: AT };
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yz-alarm-watch-'));
  store = await openSqliteHubStore(join(dir, 'hub.db'));
  clock.now = AT;
  await addStations(store, stationProfile('quanshan-sanbao', QUANSHAN));
  const at = new Date(AT - 60_000).toISOString();
  await ingest(
    store,
    'quanshan-sanbao',
    [1, 2, 3, 4, 5].map((n) => raised(n, `al-${n}`, at)),
    at,
  );
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const watch = (post: PostJson) =>
  new AlarmWatch(
    store,
    () => clock.now,
    new OfficeFeed(),
    SETTINGS,
    (err) => {
      throw err;
    },
    post,
  );
const alarmOf = (body: unknown) => (body as { alarm: { alarmId: string } }).alarm.alarmId;

it('posts each new alarm once when the process posting them slowly is looked past by another', async () => {
  const posted: string[] = [];
  const other = watch(async (_url, body) => void posted.push(`other ${alarmOf(body)}`));
  // Each of this process's posts takes 20 s, during which the other process looks (its lease would have run
  // out after the third post had it not been renewed).
  const slow = watch(async (_url, body) => {
    clock.now += 20_000;
    await other.check();
    posted.push(`slow ${alarmOf(body)}`);
  });
  await slow.check();
  expect(posted.sort()).toEqual(['slow al-1', 'slow al-2', 'slow al-3', 'slow al-4', 'slow al-5']);
  // Once it has let go (its lease run out), the other process takes over and finds nothing left to post.
  clock.now += 60_000;
  await other.check();
  expect(posted).toHaveLength(5);
});

it('skips the ticks that come while a look waits for the receiver, instead of queueing a look for each', async () => {
  let release: () => void = () => undefined;
  const blocked = new Promise<void>((r) => {
    release = r;
  });
  let posts = 0;
  // Every lease take counts: one per look, and one before each post.
  let takes = 0;
  const counted: HubStore = {
    ...store,
    leases: {
      acquire: (...args) => {
        takes++;
        return store.leases.acquire(...args);
      },
    },
  };
  const ticking = new AlarmWatch(
    counted,
    () => clock.now,
    new OfficeFeed(),
    { ...SETTINGS, checkSeconds: 0.1 },
    () => undefined,
    async () => {
      // The receiver hangs on the first post; the rest answer at once.
      if (posts++ === 0) await blocked;
    },
  );
  ticking.start();
  await new Promise((r) => setTimeout(r, 1_000));
  expect(posts).toBe(1);
  const stopped = ticking.stop();
  release();
  await stopped;
  // The one look: its take and one before each of its five posts. Queued looks would have taken ten more.
  expect(posts).toBe(5);
  expect(takes).toBe(6);
});

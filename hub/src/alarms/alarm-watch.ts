/**
 * The hub's follow-up of alarms, every `alarms.checkSeconds`, by the one hub process holding the `alarm-watch`
 * lease: it raises 驿站失联 for a station not heard from for `silentAfterMinutes` (or never, that long after it
 * was registered) and clears it once the station is heard again; it escalates an alarm nobody acknowledged
 * within `escalateMinutes`; and, with a webhook configured, it posts each new and each escalated alarm to it,
 * trying a failed post again with a growing wait, five times in all. What it changes reaches every dashboard
 * through the office feed.
 */
import { randomUUID } from 'node:crypto';
import { backoffDelayMs } from '@yizhan/shared';
import type { Clock } from '../clock.ts';
import type { AlarmSettings } from '../config.ts';
import type { OfficeFeed } from '../live/office-feed.ts';
import type { HubStore } from '../store.ts';
import { SILENT_RULE } from './silent.ts';
import type { AlarmNotice } from './store.ts';
import { alarmViews } from './views.ts';
import { webhookBody } from './webhook.ts';

const LEASE = 'alarm-watch';
export const NOTICE_ATTEMPTS = 5;
/** Only alarms raised within this are announced: a hub upgraded or back from a stop does not flood the group. */
const NOTICE_LOOKBACK_MS = 3_600_000;
const NOTICES_PER_LOOK = 50;
const RETRY = { firstMs: 30_000, maxMs: 30 * 60_000, jitter: 0 };

export type PostJson = (url: string, body: unknown, timeoutMs: number) => Promise<void>;

/** A POST of JSON that fails on anything but a 2xx answer within the time. */
export const postJson: PostJson = async (url, body, timeoutMs) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  // The body is read so the connection can be reused; what it says matters only on a failure.
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
};

export class AlarmWatch {
  private timer: NodeJS.Timeout | undefined;
  private looking: Promise<void> = Promise.resolve();
  /** Looks asked for and not yet ended: a tick while one is under way (a slow webhook) is skipped, not queued. */
  private pending = 0;
  private readonly holder = randomUUID();

  constructor(
    private readonly store: HubStore,
    private readonly clock: Clock,
    private readonly feed: OfficeFeed,
    private readonly settings: AlarmSettings,
    private readonly onError: (err: unknown, what: string) => void,
    private readonly post: PostJson = postJson,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => {
      if (this.pending === 0) void this.check();
    }, this.settings.checkSeconds * 1000);
  }

  /** Resolves once a look under way has ended (the store may close after). */
  stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    return this.looking;
  }

  /** One look; looks never overlap. */
  check(): Promise<void> {
    this.pending++;
    this.looking = this.looking.then(() =>
      this.look()
        .catch((err) => this.onError(err, 'alarm watch'))
        .finally(() => {
          this.pending--;
        }),
    );
    return this.looking;
  }

  /** Takes or renews the lease, for longer than one post may take; false when another process holds it. */
  private hold(): Promise<boolean> {
    const postMs = (this.settings.webhook?.timeoutSeconds ?? 0) * 1000 + 5000;
    const ttlMs = Math.max(this.settings.checkSeconds * 3000 + 1000, postMs);
    return this.store.leases.acquire(LEASE, this.holder, this.clock(), ttlMs);
  }

  private async look(): Promise<void> {
    const now = this.clock();
    if (!(await this.hold())) return;
    const at = new Date(now).toISOString();
    const touched = new Set<string>();
    if (this.settings.silentAfterMinutes > 0) await this.silence(now, at, touched);
    if (this.settings.escalateMinutes > 0) {
      const before = new Date(now - this.settings.escalateMinutes * 60_000).toISOString();
      // The escalation and its notice commit together: a crash between them would lose the notice for good.
      const escalated = await this.store.transaction(async (tx) => {
        const found = await tx.alarms.escalate(before, at);
        if (this.settings.webhook) await tx.alarms.queueEscalatedNotices(found, at);
        return found;
      });
      for (const a of escalated) touched.add(a.stationId);
    }
    for (const stationId of touched) {
      this.feed.emit({ type: 'alarms', stationId });
      this.feed.emit({ type: 'station', stationId });
    }
    if (this.settings.webhook) await this.notify(now, at, this.settings.webhook);
  }

  private async silence(now: number, at: string, touched: Set<string>): Promise<void> {
    const alarms = this.store.alarms;
    for (const { stationId, alarmId } of await alarms.silentHeardAgain()) {
      await alarms.clear({ stationId, alarmId, rule: SILENT_RULE, device: null, at });
      touched.add(stationId);
    }
    const before = new Date(now - this.settings.silentAfterMinutes * 60_000).toISOString();
    for (const { stationId, lastSeenAt } of await alarms.silentStations(before)) {
      const minutes = lastSeenAt === null ? undefined : Math.floor((now - Date.parse(lastSeenAt)) / 60_000);
      await alarms.raise({
        stationId,
        alarmId: `${SILENT_RULE}-${now}`,
        rule: SILENT_RULE,
        device: null,
        detail: lastSeenAt === null ? 'never heard from' : `not heard from for ${minutes} min`,
        facts: minutes === undefined ? '{}' : JSON.stringify({ minutes }),
        at,
      });
      touched.add(stationId);
    }
  }

  private async notify(now: number, at: string, webhook: NonNullable<AlarmSettings['webhook']>): Promise<void> {
    const since = new Date(now - NOTICE_LOOKBACK_MS).toISOString();
    await this.store.alarms.queueRaisedNotices(since, at);
    const due = await this.store.alarms.dueNotices(at, NOTICE_ATTEMPTS, NOTICES_PER_LOOK);
    if (due.length === 0) return;
    const views = await alarmViews(
      this.store,
      due.map((n) => n.alarm),
    );
    const names = await this.districts(due);
    for (const [i, notice] of due.entries()) {
      // Renewed before each post (a post may take its whole timeout): a process whose lease ran out while
      // posting stops, so that the one that took it over does not post the same notices again.
      if (!(await this.hold())) return;
      const view = views[i]!;
      try {
        await this.post(
          webhook.url,
          webhookBody(notice.kind, view, names.get(notice.stationId) ?? ''),
          webhook.timeoutSeconds * 1000,
        );
        await this.store.alarms.noticeSent(notice, new Date(this.clock()).toISOString());
      } catch (err) {
        const retryAt = new Date(this.clock() + backoffDelayMs(notice.attempts, RETRY)).toISOString();
        await this.store.alarms.noticeFailed(notice, retryAt, err instanceof Error ? err.message : String(err));
        this.onError(err, `alarm webhook (${notice.kind} ${notice.stationId}/${notice.alarmId})`);
      }
    }
  }

  private async districts(notices: readonly AlarmNotice[]): Promise<Map<string, string>> {
    const ids = [...new Set(notices.map((n) => n.stationId))];
    const stations = await Promise.all(ids.map((id) => this.store.stations.get(id)));
    return new Map(stations.flatMap((s) => (s ? [[s.id, s.district] as const] : [])));
  }
}

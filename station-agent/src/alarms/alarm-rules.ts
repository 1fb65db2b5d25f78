/**
 * The station's alarm rules over device state and occupancy, the door held open among them: one raise/clear
 * path for every alarm. Each watch raises its alarm after its raise condition has held for its duration, and
 * clears it only after a separate clear condition (a lower temperature, the door closed) has held for its
 * clear time: a value wobbling around one threshold never flaps. Open alarms live in SQLite and are taken up
 * again after a restart.
 */
import { randomUUID } from 'node:crypto';
import type { AlarmFacts, DeviceState, Occupancy } from '@yizhan/shared';
import type { AgentConfig, DeviceConfig } from '../config.ts';
import type { AlarmStore, StoredAlarm } from '../store/alarm-store.ts';
import { openingHoursClock } from './opening-hours.ts';

export const ALARM_RULES = [
  'fridge-too-warm',
  'water-no-power',
  'over-capacity',
  'device-offline',
  'battery-low',
  'door-held-open',
] as const;
export type AlarmRule = (typeof ALARM_RULES)[number];

export type AlarmChange = { change: 'raised' | 'cleared'; alarm: StoredAlarm; at: string };

export interface AlarmInputs {
  device(id: string): DeviceState | undefined;
  occupancy(): Occupancy | undefined;
}

/** Battery alarms clear this many points above the low mark (a battery reads a little higher when warm). */
const BATTERY_CLEAR_MARGIN = 5;
/** Time-of-day conditions (opening hours) are re-checked at least this often. */
const ALARM_TICK_MS = 60_000;

interface Verdict {
  raise: boolean;
  clear: boolean;
  detail: string;
  /** What was measured, for the office's own words. */
  facts?: AlarmFacts;
}

interface Watch {
  key: string;
  rule: AlarmRule;
  device?: string;
  raiseAfterMs: number;
  clearAfterMs: number;
  evaluate(now: number): Verdict;
  open?: StoredAlarm;
  raiseSince?: number;
  clearSince?: number;
}

export class AlarmRules {
  private readonly watches: Watch[] = [];
  private readonly byDevice = new Map<string, Watch[]>();
  private readonly clearAfterMs: number;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    config: AgentConfig,
    devices: readonly DeviceConfig[],
    inputs: AlarmInputs,
    private readonly store: AlarmStore,
    private readonly changed: (change: AlarmChange) => void,
    private readonly now: () => number = Date.now,
  ) {
    const a = config.alarms;
    this.clearAfterMs = a.clearAfterSeconds * 1000;
    const isOpen = openingHoursClock(config.station.openingHours, config.station.timezone);
    const values = (id: string) => inputs.device(id)?.values ?? {};
    const never: Verdict = { raise: false, clear: false, detail: '' };

    for (const d of devices) {
      const id = d.id;
      if (d.kind === 'fridge' && d.alarm) {
        const { aboveCelsius, forMinutes } = d.alarm;
        const clearAt = d.alarm.clearBelowCelsius ?? aboveCelsius - 1;
        this.add({ rule: 'fridge-too-warm', device: id, raiseAfterMs: forMinutes * 60_000 }, () => {
          const t = values(id).temperatureC;
          if (t === undefined) return never;
          return {
            raise: t > aboveCelsius,
            clear: t <= clearAt,
            detail: `${t} °C, above ${aboveCelsius} °C`,
            facts: { temperatureC: t, limitC: aboveCelsius, minutes: forMinutes },
          };
        });
      }
      if (d.service === 'water') {
        this.add({ rule: 'water-no-power', device: id, raiseAfterMs: a.waterNoPowerMinutes * 60_000 }, (now) => {
          const s = inputs.device(id);
          const noPower = s?.online === false || s?.values.on === false;
          const open = isOpen(now);
          return {
            raise: open && noPower,
            clear: !open || (s?.online === true && s.values.on !== false),
            detail: s?.online === false ? 'plug offline' : 'plug switched off',
            facts: { plug: s?.online === false ? 'offline' : 'off', minutes: a.waterNoPowerMinutes },
          };
        });
      }
      this.add({ rule: 'device-offline', device: id, raiseAfterMs: a.offlineMinutes * 60_000 }, () => {
        const online = inputs.device(id)?.online;
        return {
          raise: online === false,
          clear: online === true,
          detail: `offline over ${a.offlineMinutes} min`,
          facts: { minutes: a.offlineMinutes },
        };
      });
      this.add({ rule: 'battery-low', device: id, raiseAfterMs: 0 }, () => {
        const battery = values(id).batteryPct;
        if (battery === undefined) return never;
        return {
          raise: battery < a.batteryLowPct,
          clear: battery >= a.batteryLowPct + BATTERY_CLEAR_MARGIN,
          detail: `battery at ${battery}%`,
          facts: { batteryPct: battery, limitPct: a.batteryLowPct },
        };
      });
    }
    // The station's door: the config's contact device, else its first door sensor. Seeing it closed is a fact,
    // not a reading that wobbles, so the alarm clears at once.
    const door = config.door?.contactDevice ?? devices.find((d) => d.kind === 'door')?.id;
    if (door) {
      const seconds = config.door?.heldOpenSeconds ?? 60;
      this.add({ rule: 'door-held-open', device: door, raiseAfterMs: seconds * 1000, clearAfterMs: 0 }, () => {
        const open = values(door).doorOpen;
        return {
          raise: open === true,
          clear: open === false,
          detail: `door open for more than ${seconds} s`,
          facts: { seconds },
        };
      });
    }
    const capacity = config.station.capacity;
    this.add({ rule: 'over-capacity', raiseAfterMs: a.overCapacityMinutes * 60_000 }, () => {
      const o = inputs.occupancy();
      if (!o) return never;
      return {
        raise: o.inside > capacity,
        clear: o.inside <= capacity,
        detail: `${o.inside} inside, capacity ${capacity}`,
        facts: { inside: o.inside, capacity, minutes: a.overCapacityMinutes },
      };
    });
  }

  /** Takes up the alarms left open by the last run, then checks every rule. */
  start(): void {
    const open = new Map(this.store.open().map((a) => [watchKey(a.rule, a.device), a]));
    for (const w of this.watches) w.open = open.get(w.key);
    this.ticker = setInterval(() => this.evaluateAll(), ALARM_TICK_MS);
    this.evaluateAll();
  }

  stop(): void {
    clearInterval(this.ticker);
    clearTimeout(this.timer);
    this.ticker = undefined;
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  open(): StoredAlarm[] {
    return this.watches.flatMap((w) => (w.open ? [w.open] : []));
  }

  /** A device's state changed: its own rules are checked. */
  deviceChanged(device: string): void {
    if (!this.ticker) return;
    const now = this.now();
    for (const w of this.byDevice.get(device) ?? []) this.evaluate(w, now);
  }

  occupancyChanged(): void {
    if (!this.ticker) return;
    const now = this.now();
    for (const w of this.watches) if (w.rule === 'over-capacity') this.evaluate(w, now);
  }

  private add(
    spec: { rule: AlarmRule; device?: string; raiseAfterMs: number; clearAfterMs?: number },
    evaluate: Watch['evaluate'],
  ): void {
    const watch: Watch = {
      ...spec,
      clearAfterMs: spec.clearAfterMs ?? this.clearAfterMs,
      key: watchKey(spec.rule, spec.device),
      evaluate,
    };
    this.watches.push(watch);
    if (spec.device) {
      const list = this.byDevice.get(spec.device) ?? [];
      list.push(watch);
      this.byDevice.set(spec.device, list);
    }
  }

  private evaluateAll(): void {
    const now = this.now();
    for (const w of this.watches) this.evaluate(w, now);
  }

  private evaluate(w: Watch, now: number): void {
    const v = w.evaluate(now);
    if (!w.open) {
      w.clearSince = undefined;
      if (!v.raise) {
        w.raiseSince = undefined;
        return;
      }
      w.raiseSince ??= now;
      const due = w.raiseSince + w.raiseAfterMs;
      if (now < due) {
        this.wakeAt(due);
        return;
      }
      const alarm: StoredAlarm = {
        alarmId: randomUUID(),
        rule: w.rule,
        ...(w.device ? { device: w.device } : {}),
        detail: v.detail,
        ...(v.facts ? { facts: v.facts } : {}),
        raisedAt: new Date(due).toISOString(),
      };
      this.store.raise(alarm);
      w.open = alarm;
      w.raiseSince = undefined;
      this.changed({ change: 'raised', alarm, at: alarm.raisedAt });
      return;
    }
    w.raiseSince = undefined;
    if (!v.clear) {
      w.clearSince = undefined;
      return;
    }
    w.clearSince ??= now;
    const due = w.clearSince + w.clearAfterMs;
    if (now < due) {
      this.wakeAt(due);
      return;
    }
    const alarm = w.open;
    const at = new Date(due);
    this.store.clear(alarm, at);
    w.open = undefined;
    w.clearSince = undefined;
    this.changed({ change: 'cleared', alarm, at: at.toISOString() });
  }

  /** One timer for the earliest pending deadline; a stale one only causes a harmless re-check. */
  private wakeAt(at: number): void {
    if (!this.ticker || at >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timerAt = Number.POSITIVE_INFINITY;
        this.timer = undefined;
        this.evaluateAll();
      },
      Math.max(0, at - this.now()),
    );
  }
}

const watchKey = (rule: string, device: string | undefined) => `${rule}:${device ?? ''}`;

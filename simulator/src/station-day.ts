/**
 * A station's day as its devices would tell it, minute by minute and in their real formats: workers
 * arriving in waves around breakfast, lunch and dinner (counted at the door, seen by the PIR), the
 * microwave heating lunch boxes with its magnetron cycling, the kettle boiling, the fridge door left
 * open (its thermometer climbs, then recovers) and one battery sensor dying in the afternoon.
 * Deterministic for a given `random`, so tests and benchmarks can replay the same day.
 */
import { genericJson, type Publication, shellyGen2, tasmota, zigbee2mqtt } from './payloads.ts';

export interface DayDevice {
  id: string;
  kind: string;
  source: { format: string; topic: string };
}

export interface TimedPublication extends Publication {
  /** Epoch ms. */
  at: number;
}

export interface DayOptions {
  /** Local midnight of the day, epoch ms. */
  from: number;
  /** Length to simulate (default 24 h). */
  durationMs?: number;
  random?: () => number;
  /** Minute of the day (local) when the fridge door is left open; default 15:10. */
  fridgeDoorOpenAt?: number;
  /** Minute of the day when the first battery sensor dies; default 16:00. */
  sensorDiesAt?: number;
}

/** Expected arrivals per minute by local hour: waves at 7–8, 11–13 and 17–19. */
const ARRIVALS_PER_MINUTE = [
  0.02, 0.02, 0.01, 0.01, 0.02, 0.05, 0.15, 0.35, 0.3, 0.15, 0.15, 0.4, 0.55, 0.35, 0.15, 0.12, 0.15, 0.35, 0.45, 0.3,
  0.15, 0.1, 0.06, 0.04,
];

/** A small seeded generator (mulberry32) for repeatable days. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(lambda: number, random: () => number): number {
  let k = 0;
  let p = Math.exp(-lambda);
  let s = p;
  const u = random();
  while (u > s && k < 50) {
    k++;
    p = (p * lambda) / k;
    s += p;
  }
  return k;
}

export function simulateDay(devices: readonly DayDevice[], options: DayOptions): TimedPublication[] {
  const random = options.random ?? seededRandom(1);
  const minutes = Math.round((options.durationMs ?? 86_400_000) / 60_000);
  const out: TimedPublication[] = [];
  const push = (at: number, p: Publication) => out.push({ ...p, at });
  const by = (kind: string) => devices.filter((d) => d.kind === kind);
  const appliances = by('appliance');
  const microwave = appliances.find((d) => d.id.includes('microwave'));
  const kettle = appliances.find((d) => d.id.includes('kettle') || d.id.includes('water'));
  const counters = by('people-counter');
  const zones = by('presence');
  const fridge = by('fridge')[0];
  const doors = by('door');
  const dying = [...zones, ...(fridge ? [fridge] : [])][0];
  const fridgeOpenAt = options.fridgeDoorOpenAt ?? 15 * 60 + 10;
  const diesAt = options.sensorDiesAt ?? 16 * 60;

  let countIn = 1000 + Math.floor(random() * 500);
  let countOut = countIn;
  const leavesAt: number[] = [];
  let fridgeC = 4.2;
  const energy = new Map(appliances.map((d) => [d.id, 10 + random() * 30]));
  const busyUntil = new Map<string, number>();

  const plugReading = (d: DayDevice, at: number, powerW: number) => {
    const kwh = (energy.get(d.id) ?? 0) + (powerW * 10) / 3_600_000;
    energy.set(d.id, kwh);
    if (d.source.format === 'tasmota')
      push(at, tasmota.sensor(d.source.topic, new Date(at), { powerW, energyKWh: kwh }));
    else if (d.source.format === 'shelly-gen2')
      push(at, shellyGen2.notifyStatus(d.source.topic, new Date(at), 0, { apower: Math.round(powerW * 10) / 10 }));
    else if (d.source.format === 'zigbee2mqtt')
      push(
        at,
        zigbee2mqtt.state(d.source.topic, {
          power: Math.round(powerW),
          energy: Math.round(kwh * 100) / 100,
          state: 'ON',
        }),
      );
  };

  for (const d of devices) {
    if (d.source.format === 'tasmota') push(options.from, tasmota.lwt(d.source.topic, true));
    if (d.source.format === 'zigbee2mqtt') push(options.from, zigbee2mqtt.availability(d.source.topic, true));
    if (d.source.format === 'shelly-gen2') push(options.from, shellyGen2.online(d.source.topic, true));
  }

  for (let m = 0; m < minutes; m++) {
    const at = options.from + m * 60_000;
    const hour = Math.floor(m / 60) % 24;
    const arrivals = poisson(ARRIVALS_PER_MINUTE[hour]! * 1.6, random);
    for (let i = 0; i < arrivals; i++) leavesAt.push(m + 8 + Math.floor(random() * 35));
    const leaving = leavesAt.filter((t) => t <= m).length;
    for (let i = leavesAt.length - 1; i >= 0; i--) if (leavesAt[i]! <= m) leavesAt.splice(i, 1);
    countIn += arrivals;
    countOut += leaving;
    const inside = leavesAt.length;
    if (arrivals + leaving > 0)
      for (const c of counters) push(at + 1_000, genericJson.counter(c.source.topic, new Date(at), countIn, countOut));
    if (arrivals > 0)
      for (const d of doors) {
        push(at + 2_000, zigbee2mqtt.state(d.source.topic, { contact: false, battery: 100 }));
        push(at + 9_000, zigbee2mqtt.state(d.source.topic, { contact: true, battery: 100 }));
      }

    const meal = (hour >= 11 && hour < 14) || (hour >= 17 && hour < 20) || (hour >= 7 && hour < 9);
    for (const d of [microwave, kettle]) {
      if (!d) continue;
      const busy = (busyUntil.get(d.id) ?? -1) > m;
      if (!busy && arrivals > 0 && random() < (d === microwave ? (meal ? 0.6 : 0.1) : 0.25))
        busyUntil.set(d.id, m + (d === microwave ? 2 + Math.floor(random() * 2) : 3));
      const nowBusy = (busyUntil.get(d.id) ?? -1) > m;
      if (!nowBusy && m % 5 !== 0) continue;
      // Every 10 s while busy (TelePeriod 10); the microwave's magnetron cycles 20 s on, 10 s low.
      for (let s = 0; s < 60; s += nowBusy ? 10 : 60) {
        const heavy = d === microwave ? (s % 30 < 20 ? 1050 + random() * 60 : 45 + random() * 5) : 1800 + random() * 40;
        plugReading(d, at + s * 1000 + 500, nowBusy ? heavy : 0.4 + random() * 0.6);
      }
    }

    for (const [i, z] of zones.entries()) {
      if (z === dying && m >= diesAt) continue;
      if (m % 2 === 0 || arrivals > 0) {
        const occupied = inside > i * 4;
        const battery = z === dying ? Math.max(1, Math.round(30 - (m / diesAt) * 29)) : 97;
        push(at + 3_000 + i * 100, zigbee2mqtt.state(z.source.topic, { occupancy: occupied, battery }));
      }
    }

    if (fridge && !(fridge === dying && m >= diesAt) && m % 5 === 0) {
      const open = m >= fridgeOpenAt && m < fridgeOpenAt + 25;
      fridgeC = open ? Math.min(12, fridgeC + 1.2) : Math.max(3.5, fridgeC - 0.6 + (random() - 0.5) * 0.2);
      push(
        at + 4_000,
        zigbee2mqtt.state(fridge.source.topic, {
          temperature: Math.round(fridgeC * 100) / 100,
          humidity: 48,
          battery: 91,
        }),
      );
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

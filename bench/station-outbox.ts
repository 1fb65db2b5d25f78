/** A station's outbox as the ingest benchmarks send it, one definition for both engines. */
import { type OutboxEvent, WORKER_CATEGORIES } from '@yizhan/shared';

/** A station's day: mostly visits (with members), some occupancy samples, appliance sessions and heartbeats. */
export function stationOutbox(station: number, count: number): OutboxEvent[] {
  const epoch = `bench-epoch-${station}`;
  const start = Date.parse('2026-11-01T00:00:00Z');
  const out: OutboxEvent[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const at = new Date(start + seq * 7_000).toISOString();
    const kind = seq % 10;
    if (kind < 6) {
      const category = WORKER_CATEGORIES[seq % WORKER_CATEGORIES.length]!;
      out.push(
        kind < 4
          ? {
              epoch,
              seq,
              type: 'visit.started',
              at,
              body: { visitId: `v${station}-${seq}`, method: 'code', category, member: `m_${seq % 700}` },
            }
          : {
              epoch,
              seq,
              type: 'visit.started',
              at,
              body: { visitId: `v${station}-${seq}`, method: 'walk-in', category },
            },
      );
    } else if (kind < 8)
      out.push({ epoch, seq, type: 'occupancy.sample', at, body: { inside: seq % 21, capacity: 20 } });
    else if (kind === 8)
      out.push({
        epoch,
        seq,
        type: 'appliance.session',
        at,
        body: { device: 'microwave', startedAt: at, endedAt: at, seconds: 95 },
      });
    else out.push({ epoch, seq, type: 'heartbeat', at, body: { uptimeSeconds: seq } });
  }
  return out;
}

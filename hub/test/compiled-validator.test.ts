import { syncRequest } from '@yizhan/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compiledCheck } from '../src/http/compiled-validator.ts';

const compiled = compiledCheck(syncRequest, 'body');

/** What the compiled check makes of a copy of the value: it changes its input in place. */
function check(value: unknown): { ok: true; value: unknown } | { ok: false; paths: string[] } {
  const copy = structuredClone(value);
  const result = compiled(copy);
  if ('value' in result) return { ok: true, value: result.value };
  return { ok: false, paths: (result.error.issues ?? []).map((i) => i.path) };
}

const EPOCH = 'epoch-contract';
const AT = '2026-11-28T10:00:00.000Z';
/** A valid body of every event type. */
const BODIES: Record<string, Record<string, unknown>> = {
  'visit.started': { visitId: 'v1', method: 'code', category: 'rider', member: 'm_1' },
  'visit.ended': { visitId: 'v1', reason: 'exit-scan' },
  'scan.rejected': { reason: 'expired' },
  'appliance.session': { device: 'microwave', startedAt: AT, endedAt: '2026-11-28T10:01:35+08:00', seconds: 95 },
  'occupancy.sample': { inside: 3, capacity: 20 },
  'alarm.raised': { alarmId: 'a1', rule: 'fridge-warm', device: 'fridge', detail: '9.5 °C' },
  'alarm.cleared': { alarmId: 'a1', rule: 'fridge-warm' },
  'device.availability': { device: 'fridge', online: false },
  'feedback.created': { feedbackId: 'f1', category: 'water', place: '门口' },
  heartbeat: { uptimeSeconds: 12 },
};
const TYPES = Object.keys(BODIES);

// Values near each rule's edge: wrong kinds, bounds, impossible dates, the wrong enum member.
const oddValue = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    1.5,
    2 ** 53,
    '',
    'x'.repeat(65),
    'x'.repeat(129),
    '😀'.repeat(40),
    '2026-02-30T10:00:00Z',
    '2026-11-28T10:00:00',
    '2026-11-28T24:00:00Z',
    '2026-11-28 10:00:00Z',
    'walk-in',
    'astronaut',
    null,
    true,
    [],
    {},
  ),
  fc.jsonValue(),
);

/** One edit of a valid event: replace, delete or add a key, in the envelope or in the body. */
const edit = fc.record({
  inBody: fc.boolean(),
  kind: fc.constantFrom('replace', 'delete', 'add'),
  at: fc.nat(),
  key: fc.constantFrom('extra', 'member', 'place', 'device', 'type', 'at', 'seq'),
  value: oddValue,
});

const event = fc
  .record({
    type: fc.constantFrom(...TYPES),
    bodyOf: fc.constantFrom(...TYPES),
    seq: fc.integer({ min: 1, max: 10_000 }),
    edits: fc.array(edit, { maxLength: 2 }),
  })
  .map(({ type, bodyOf, seq, edits }) => {
    // Mostly the type's own body; sometimes another type's, which only some types would accept.
    const event: Record<string, unknown> = { epoch: EPOCH, seq, type, at: AT, body: { ...BODIES[bodyOf] } };
    for (const e of edits) {
      const body = event.body;
      const target = e.inBody && body && typeof body === 'object' ? (body as Record<string, unknown>) : event;
      const keys = Object.keys(target);
      const key = e.kind === 'add' ? e.key : keys[e.at % keys.length]!;
      if (e.kind === 'delete') delete target[key];
      else target[key] = e.value;
    }
    return event;
  });

describe('the compiled sync contract', () => {
  it('accepts exactly what the zod contract accepts, and leaves the value zod would return', () => {
    fc.assert(
      fc.property(
        // Now and then an event that is not an event at all, a batch epoch out of bounds, a key the batch lacks.
        fc.array(fc.oneof({ weight: 9, arbitrary: event }, { weight: 1, arbitrary: oddValue }), { maxLength: 4 }),
        fc.oneof({ weight: 9, arbitrary: fc.constant(EPOCH) }, { weight: 1, arbitrary: oddValue }),
        fc.option(oddValue, { freq: 10 }),
        (events, epoch, extra) => {
          const batch = { epoch, events, ...(extra === null ? {} : { extra }) };
          const zod = syncRequest.safeParse(structuredClone(batch));
          const ours = check(batch);
          expect(ours.ok).toBe(zod.success);
          if (zod.success && ours.ok) expect(ours.value).toEqual(zod.data);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('drops unknown keys, as zod strips them, so that only the contract is stored', () => {
    const batch = {
      epoch: EPOCH,
      extra: 1,
      events: [{ epoch: EPOCH, seq: 1, type: 'heartbeat', at: AT, body: { uptimeSeconds: 1, note: 'x' }, hint: 2 }],
    };
    expect(check(batch)).toEqual({
      ok: true,
      value: {
        epoch: EPOCH,
        events: [{ epoch: EPOCH, seq: 1, type: 'heartbeat', at: AT, body: { uptimeSeconds: 1 } }],
      },
    });
  });

  it('names the field that breaks the contract', () => {
    const visit = { epoch: EPOCH, seq: 1, type: 'visit.started', at: AT, body: BODIES['visit.started'] };
    expect(
      check({ epoch: EPOCH, events: [visit, { ...visit, body: { ...visit.body, category: 'astronaut' } }] }),
    ).toEqual({
      ok: false,
      paths: ['events.1.body.category'],
    });
    expect(check({ epoch: EPOCH, events: [{ ...visit, at: '2026-02-30T10:00:00Z' }] })).toEqual({
      ok: false,
      paths: ['events.0.at'],
    });
    expect(check({ epoch: EPOCH, events: [{ ...visit, type: 'visit.paused' }] })).toEqual({
      ok: false,
      paths: ['events.0'],
    });
    // Lengths in code points, as zod counts them: 64 emoji (128 UTF-16 units) fit a 64-character id, 65 do not.
    const withVisitId = (visitId: string) => ({
      epoch: EPOCH,
      events: [{ ...visit, body: { ...visit.body, visitId } }],
    });
    expect(syncRequest.safeParse(withVisitId('😀'.repeat(64))).success).toBe(true);
    expect(check(withVisitId('😀'.repeat(64))).ok).toBe(true);
    expect(syncRequest.safeParse(withVisitId('😀'.repeat(65))).success).toBe(false);
    expect(check(withVisitId('😀'.repeat(65)))).toEqual({ ok: false, paths: ['events.0.body.visitId'] });
    expect(check({ epoch: EPOCH, events: [] })).toEqual({ ok: false, paths: ['events'] });
    expect(check(null)).toEqual({ ok: false, paths: [''] });
  });
});

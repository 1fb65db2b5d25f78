/**
 * Scanned codes, fuzzed: arbitrary strings and bytes, and near-valid mutations of real member codes
 * issued by a running hub (one character changed, added or dropped, parts swapped between codes, claims
 * rewritten under the old signature, other spellings of the same signature). None may open the door,
 * none may throw — in the verifier, in the scanner reader, in `Door.scan`, and over the real broker.
 */
import { join } from 'node:path';
import { agentTopics, SCAN_REJECTIONS } from '@yizhan/shared';
import { MAX_CODE_LENGTH, verifyMemberCode } from '@yizhan/shared/member-code';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScannedCode } from '../station-agent/src/door/scanned-code.ts';
import { DbObserver } from './support/fuzz.ts';
import { MqttProbe } from './support/mqtt-probe.ts';
import { type Stack, startStack } from './support/stack.ts';
import { waitFor } from './support/wait.ts';

let stack: Stack;
let db: DbObserver;
let originals: string[];
const tried: Record<string, number> = {};
const count = (what: string, n = 1) => {
  tried[what] = (tried[what] ?? 0) + n;
};

beforeAll(async () => {
  stack = await startStack();
  originals = await Promise.all(
    ['rider', 'courier', 'sanitation'].map((category, i) =>
      stack.hub.admin.issueMemberCode({ member: `M-fuzz-${i}`, category: category as 'rider' }),
    ),
  );
  db = new DbObserver(join(stack.agent.config.dataDir, 'station.db'));
});

afterAll(async () => {
  db?.close();
  await stack?.close();
  for (const [what, n] of Object.entries(tried)) console.log(`fuzz door ${what}: ${n} inputs`);
});

const keys = () => stack.agent.bundle.current()!.memberKeys;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A real code changed in a way a forger, a bad camera or a copy-paste could change it. */
const nearValid: fc.Arbitrary<string> = fc
  .record({
    which: fc.nat(2),
    other: fc.nat(2),
    at: fc.nat(),
    char: fc.oneof(fc.constantFrom(...B64, '.', '=', ' ', '\u200b', '+', '/', '\n'), fc.string({ maxLength: 2 })),
    kind: fc.constantFrom(
      'replace',
      'insert',
      'delete',
      'truncate',
      'swap-signature',
      'swap-payload',
      'rewrite-claims',
      'signature-spelling',
      'prefix',
      'case',
      'pad',
      'wrap-json',
    ),
    claim: fc.record({
      field: fc.constantFrom('sub', 'cat', 'exp', 'iat', 'jti', 'kid'),
      value: fc.oneof(fc.string(), fc.integer(), fc.constantFrom('other', 'M-fuzz-0', 0, 2 ** 40, null)),
    }),
  })
  .map((m) => {
    const code = originals[m.which]!;
    const [prefix, payload, signature] = code.split('.') as [string, string, string];
    const at = m.at % code.length;
    switch (m.kind) {
      case 'replace':
        return code.slice(0, at) + m.char + code.slice(at + 1);
      case 'insert':
        return code.slice(0, at) + m.char + code.slice(at);
      case 'delete':
        return code.slice(0, at) + code.slice(at + 1);
      case 'truncate':
        return code.slice(0, at);
      case 'swap-signature':
        return `${prefix}.${payload}.${originals[m.other]!.split('.')[2]}`;
      case 'swap-payload':
        return `${prefix}.${originals[m.other]!.split('.')[1]}.${signature}`;
      case 'rewrite-claims': {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        claims[m.claim.field] = m.claim.value;
        return `${prefix}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
      }
      case 'signature-spelling':
        // Same bytes, other spelling: only the last character's spare bits differ.
        return code.slice(0, -1) + B64[(B64.indexOf(code.at(-1)!) + 1 + (m.at % 15)) % 64]!;
      case 'prefix':
        return code.replace(/^YZ1/, ['YZ2', 'yz1', 'YZ', 'YZ1 ', 'YZ01', ''][m.at % 6]!);
      case 'case':
        return code.slice(0, at) + code.charAt(at).toUpperCase() + code.slice(at + 1);
      case 'pad':
        return `${code}${'='.repeat((m.at % 3) + 1)}`;
      default:
        return JSON.stringify({ code: code.slice(0, at) + m.char + code.slice(at + 1) });
    }
  })
  // An edit that gives back the same code (e.g. upper-casing an upper-case letter) is no mutation.
  .filter((mutated) => {
    const text = readScannedCode(mutated);
    return !(text.ok && originals.includes(text.code));
  });

const anyText = fc.oneof(
  fc.string({ maxLength: 700 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc
    .tuple(fc.string(), fc.string(), fc.string())
    .map(([a, b, c]) => `YZ1.${Buffer.from(a).toString('base64url')}.${Buffer.from(b + c).toString('base64url')}`),
  fc.jsonValue().map((v) => JSON.stringify({ code: v })),
  fc.constantFrom('', ' ', '{}', '{"code":null}', 'YZ1..', 'YZ1.e30.', `YZ1.${'A'.repeat(MAX_CODE_LENGTH)}.A`),
);

const rejected = new Set<string>(SCAN_REJECTIONS);

describe('scanned codes, fuzzed', () => {
  it('the verifier refuses every mutation of a real code, and never throws on any text', () => {
    for (const code of originals) expect(verifyMemberCode(code, keys(), nowSeconds()).ok).toBe(true);
    fc.assert(
      fc.property(fc.oneof({ weight: 3, arbitrary: nearValid }, anyText), (text) => {
        count('verifier');
        const verdict = verifyMemberCode(text, keys(), nowSeconds());
        expect(verdict.ok, text).toBe(false);
        if (!verdict.ok) expect(rejected.has(verdict.reason)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('the scanner reader takes any bytes: a code, or malformed/oversized, never a throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 800 }).map((b) => Buffer.from(b)),
          anyText.map((t) => Buffer.from(t)),
        ),
        (bytes) => {
          count('scanner reader');
          const read = readScannedCode(bytes);
          if (read.ok) expect(read.code.length).toBeGreaterThan(0);
          else expect(['malformed', 'oversized']).toContain(read.reason);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('Door.scan refuses every one of them with its reason; no visit, no unlock, no used code', async () => {
    const visits = db.count('visits');
    const unlocks = db.count('door_unlocks');
    const used = db.count('used_codes');
    const rejections = db.count('rejected_scans');
    let scans = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 3, arbitrary: nearValid.map((t) => Buffer.from(t)) },
          anyText.map((t) => Buffer.from(t)),
          fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
        ),
        async (payload) => {
          count('Door.scan');
          scans++;
          const result = await stack.agent.door.scan(payload);
          expect(result.ok, payload.toString()).toBe(false);
          if (!result.ok) expect(rejected.has(result.reason)).toBe(true);
        },
      ),
      { numRuns: 1_500 },
    );
    expect(db.count('visits')).toBe(visits);
    expect(db.count('door_unlocks')).toBe(unlocks);
    expect(db.count('used_codes')).toBe(used);
    expect(db.count('rejected_scans')).toBe(rejections + scans);
  });

  it('over the real broker too, and the untouched originals still open the door afterwards', async () => {
    const topics = agentTopics(stack.stationId);
    const probe = await MqttProbe.connect(stack.brokerUrl, [topics.doorResult, `cmnd/${stack.topics.lock}/#`]);
    try {
      const payloads = fc.sample(
        fc.oneof(
          nearValid.map((t) => Buffer.from(t)),
          fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
        ),
        { numRuns: 300, seed: 7 },
      );
      for (const p of payloads) await probe.publish(topics.doorScan, p);
      count('over MQTT', payloads.length);
      const results = await waitFor(
        () => probe.on(topics.doorResult).length >= payloads.length && probe.on(topics.doorResult),
        {
          timeoutMs: 20_000,
          what: `${payloads.length} door results`,
        },
      );
      expect(results.every((r) => JSON.parse(r.payload).ok === false)).toBe(true);
      expect(probe.on(`cmnd/${stack.topics.lock}/#`)).toEqual([]);

      // The fuzzing did not burn or block the real codes: each opens the door once.
      for (const code of originals) {
        const result = await stack.agent.door.scan(code);
        expect(result).toMatchObject({ ok: true });
      }
      await probe.next(`cmnd/${stack.topics.lock}/#`);
    } finally {
      await probe.close();
    }
  });
});

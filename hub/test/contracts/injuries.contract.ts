import { describe, expect, it } from 'vitest';
import type { InjuryCase } from '../../src/injuries/schema.ts';
import type { CaseCountRow, NewActivity, NewCase } from '../../src/injuries/store.ts';
import {
  addStations,
  allPages,
  expectInvalidCursor,
  FORGED_CURSORS,
  GULOU,
  QUANSHAN,
  type StoreEngine,
  stationProfile,
  storePerTest,
} from './engine.ts';

const DECLARED = '2026-11-01T02:00:00.000Z';
const TODAY = '2026-11-20';

/** A declared case of 泉山区 at a building site, changed by `more`. */
function record(caseId: string, more: Partial<InjuryCase> = {}): InjuryCase {
  return {
    caseId,
    version: 1,
    status: 'declared',
    district: QUANSHAN,
    city: null,
    province: null,
    entry: 'phone',
    foundThrough: 'self',
    via: null,
    enterpriseId: null,
    enterpriseName: '徐州重工机械厂',
    industry: 'manufacturing',
    post: 'operator',
    cause: 'machinery',
    injuredOn: '2026-10-30',
    place: '二号车间',
    help: ['condolence'],
    consentAt: DECLARED,
    declaredAt: DECLARED,
    screenedAt: null,
    eligible: null,
    ineligibleReason: null,
    firstVisitOn: null,
    lastVisitOn: null,
    visits: 0,
    firstFollowUpOn: null,
    followUps: 0,
    outcome: null,
    nextDue: null,
    closedAt: null,
    closedReason: null,
    erasedAt: null,
    ...more,
  };
}

const entry = (seq: number, action: NewActivity['action'], note: Uint8Array | null = null): NewActivity => ({
  seq,
  at: DECLARED,
  actor: seq === 1 ? 'declarant' : 'officer-li',
  action,
  details: { step: seq },
  note,
});

const sealed = (text: string) => new Uint8Array(Buffer.from(`sealed:${text}`));
const declared = (c: InjuryCase): NewCase => ({ record: c, personal: sealed(c.caseId), first: entry(1, 'declared') });

/** The next version of a case with what a step changed. */
const stepped = (c: InjuryCase, more: Partial<InjuryCase>): InjuryCase => ({ ...c, ...more, version: c.version + 1 });

export function describeInjuryStoreContract(engine: StoreEngine): void {
  describe(`injury store contract (${engine.name})`, () => {
    const store = storePerTest(engine);
    const injuries = () => store().injuries;

    it('inserts cases with their first entry, and gets each with its sealed personal fields', async () => {
      const a = record('GS-AAAA-0001');
      const b = record('GS-AAAA-0002', { district: GULOU, help: [], entry: 'import', foundThrough: 'labour-bureau' });
      expect(await injuries().insert([declared(a), declared(b)])).toBe(true);
      const got = await injuries().get(a.caseId);
      expect({ ...got, personal: Buffer.from(got!.personal!).toString() }).toEqual({
        ...a,
        personal: 'sealed:GS-AAAA-0001',
      });
      expect((await injuries().get(b.caseId))?.help).toEqual([]);
      expect(await injuries().activity(a.caseId)).toEqual([{ caseId: a.caseId, ...entry(1, 'declared') }]);
      expect(await injuries().get('GS-NONE-0000')).toBeUndefined();
    });

    it('inserts all or none: one taken case number and no case of the batch is stored', async () => {
      await injuries().insert([declared(record('GS-AAAA-0001'))]);
      const fresh = record('GS-AAAA-0002');
      expect(await injuries().insert([declared(fresh), declared(record('GS-AAAA-0001', { place: 'x' }))])).toBe(false);
      expect(await injuries().get(fresh.caseId)).toBeUndefined();
      expect(await injuries().activity(fresh.caseId)).toEqual([]);
      expect((await injuries().get('GS-AAAA-0001'))?.place).toBe('二号车间');
    });

    it('updates only the version it was read at, appending the entry with it', async () => {
      const c = record('GS-AAAA-0001');
      await injuries().insert([declared(c)]);
      const eligible = stepped(c, { status: 'eligible', screenedAt: DECLARED, eligible: true });
      expect(await injuries().update(eligible, entry(2, 'screened', sealed('note')))).toBe(true);
      // A second officer who read version 1 too is told, and writes nothing.
      expect(await injuries().update(stepped(c, { status: 'closed', closedAt: DECLARED }), entry(2, 'closed'))).toBe(
        false,
      );
      const got = await injuries().get(c.caseId);
      expect({ ...got, personal: undefined }).toEqual({ ...eligible, personal: undefined });
      const log = await injuries().activity(c.caseId);
      expect(log.map((a) => [a.seq, a.action, a.note && Buffer.from(a.note).toString()])).toEqual([
        [1, 'declared', null],
        [2, 'screened', 'sealed:note'],
      ]);
      expect(await injuries().update(record('GS-NONE-0000', { version: 2 }), entry(2, 'note'))).toBe(false);
    });

    describe('the queue', () => {
      /** Overdue (oldest due first), due today, awaiting screening, awaiting a visit, not yet due. */
      const queued = async () => {
        await addStations(store(), stationProfile('quanshan-sanbao', QUANSHAN), stationProfile('gulou-huaihai', GULOU));
        const cases = [
          record('GS-Q000-0001', { status: 'visited', nextDue: '2026-11-25', lastVisitOn: '2026-11-10' }),
          record('GS-Q000-0002', { status: 'declared', declaredAt: '2026-11-05T02:00:00.000Z' }),
          record('GS-Q000-0003', { status: 'treatment', nextDue: '2026-11-18' }),
          record('GS-Q000-0004', { status: 'eligible', declaredAt: '2026-11-02T02:00:00.000Z' }),
          record('GS-Q000-0005', { status: 'visited', nextDue: TODAY }),
          record('GS-Q000-0006', { status: 'long-term-care', nextDue: '2026-11-10' }),
          record('GS-Q000-0007', { status: 'declared', declaredAt: '2026-11-03T02:00:00.000Z' }),
          record('GS-Q000-0008', { status: 'closed', closedAt: DECLARED, closedReason: 'recovered' }),
          record('GS-Q000-0009', { status: 'declared', district: GULOU }),
        ];
        await injuries().insert(cases.map(declared));
      };
      const order = [
        'GS-Q000-0006',
        'GS-Q000-0003',
        'GS-Q000-0005',
        'GS-Q000-0007',
        'GS-Q000-0002',
        'GS-Q000-0004',
        'GS-Q000-0001',
      ];

      it('lists open cases overdue first, then due today, to screen, to visit, and not yet due', async () => {
        await queued();
        const page = await injuries().queue({ district: QUANSHAN }, TODAY, { limit: 50 });
        expect(page.items.map((c) => c.caseId)).toEqual(order);
        expect(page.next).toBeNull();
        const all = (await injuries().queue({}, TODAY, { limit: 50 })).items.map((c) => c.caseId);
        expect(all).toHaveLength(8);
        expect(all).toContain('GS-Q000-0009');
      });

      it('pages the queue in the same order, and a day later the due case is overdue', async () => {
        await queued();
        const pages = await allPages((p) => injuries().queue({ district: QUANSHAN }, TODAY, p), 2);
        expect(pages.flat().map((c) => c.caseId)).toEqual(order);
        const tomorrow = (await injuries().queue({ district: QUANSHAN }, '2026-11-21', { limit: 3 })).items;
        expect(tomorrow.map((c) => c.caseId)).toEqual(['GS-Q000-0006', 'GS-Q000-0003', 'GS-Q000-0005']);
        for (const cursor of FORGED_CURSORS) {
          await expectInvalidCursor(injuries().queue({}, TODAY, { limit: 2, before: cursor }));
        }
      });

      it('lists closed cases latest first, in pages', async () => {
        const closed = ['01', '02', '03'].map((n) =>
          record(`GS-C000-00${n}`, {
            status: 'closed',
            closedAt: `2026-11-${n}T02:00:00.000Z`,
            closedReason: 'recovered',
          }),
        );
        await injuries().insert([...closed, record('GS-C000-0009')].map(declared));
        const pages = await allPages((p) => injuries().closed({}, p), 2);
        expect(pages.map((p) => p.map((c) => c.caseId))).toEqual([['GS-C000-0003', 'GS-C000-0002'], ['GS-C000-0001']]);
        expect((await injuries().closed({ district: GULOU }, { limit: 5 })).items).toEqual([]);
      });
    });

    it('counts cases injured in a period by every breakdown', async () => {
      await injuries().insert(
        [
          record('GS-N000-0001', {
            eligible: true,
            firstVisitOn: '2026-11-02',
            firstFollowUpOn: '2026-11-17',
            outcome: 'recovered',
          }),
          record('GS-N000-0002', { eligible: true, firstVisitOn: '2026-11-02' }),
          record('GS-N000-0003', { injuredOn: '2026-09-01', cause: 'fall', entry: 'office' }),
          record('GS-N000-0004', { injuredOn: '2026-12-01' }),
          record('GS-N000-0005', { district: GULOU }),
        ].map(declared),
      );
      const rows = await injuries().counts({ district: QUANSHAN }, '2026-09-01', '2026-11-30');
      const base = {
        industry: 'manufacturing',
        post: 'operator',
        enterpriseId: null,
        enterpriseName: '徐州重工机械厂',
        entry: 'phone',
      };
      const sorted = (list: CaseCountRow[]) =>
        [...list].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
      expect(sorted(rows)).toEqual(
        sorted([
          {
            ...base,
            cause: 'machinery',
            month: '2026-10',
            eligible: true,
            visited: true,
            followedUp: true,
            outcome: 'recovered',
            cases: 1,
          },
          {
            ...base,
            cause: 'machinery',
            month: '2026-10',
            eligible: true,
            visited: true,
            followedUp: false,
            outcome: null,
            cases: 1,
          },
          {
            ...base,
            cause: 'fall',
            entry: 'office',
            month: '2026-09',
            eligible: null,
            visited: false,
            followedUp: false,
            outcome: null,
            cases: 1,
          },
        ]),
      );
    });

    it('erases the personal fields, notes and place of cases closed before the cutoff, once, keeping their counts', async () => {
      const old = record('GS-E000-0001');
      const recent = record('GS-E000-0002');
      const open = record('GS-E000-0003');
      await injuries().insert([old, recent, open].map(declared));
      const closedOld = stepped(old, {
        status: 'closed',
        closedAt: '2025-10-01T00:00:00.000Z',
        closedReason: 'recovered',
      });
      await injuries().update(closedOld, entry(2, 'closed', sealed('骨折已愈')));
      await injuries().update(
        stepped(recent, { status: 'closed', closedAt: '2026-11-01T00:00:00.000Z', closedReason: 'recovered' }),
        entry(2, 'closed', sealed('ok')),
      );
      const countsBefore = await injuries().counts({}, '2026-01-01', '2026-12-31');

      const at = '2026-11-20T00:00:00.000Z';
      expect(await injuries().eraseClosedBefore('2025-11-20T00:00:00.000Z', at)).toEqual([old.caseId]);
      const erased = await injuries().get(old.caseId);
      expect(erased).toEqual({ ...closedOld, version: 3, place: null, erasedAt: at, personal: null });
      expect((await injuries().activity(old.caseId)).map((a) => [a.seq, a.action, a.actor, a.note])).toEqual([
        [1, 'declared', 'declarant', null],
        [2, 'closed', 'officer-li', null],
        [3, 'erased', 'hub', null],
      ]);
      expect((await injuries().get(recent.caseId))?.personal).not.toBeNull();
      expect((await injuries().get(open.caseId))?.personal).not.toBeNull();
      expect(await injuries().eraseClosedBefore('2025-11-20T00:00:00.000Z', at)).toEqual([]);
      expect(await injuries().counts({}, '2026-01-01', '2026-12-31')).toEqual(countsBefore);
    });

    it('keeps the access log newest first, in pages', async () => {
      for (let i = 1; i <= 5; i++) {
        await injuries().logAccess({
          at: `2026-11-20T0${i}:00:00.000Z`,
          username: 'officer-li',
          caseId: `GS-L000-000${i}`,
          what: 'personal',
        });
      }
      const pages = await allPages((p) => injuries().accessLog(p), 2);
      expect(pages.flat().map((e) => e.caseId)).toEqual([
        'GS-L000-0005',
        'GS-L000-0004',
        'GS-L000-0003',
        'GS-L000-0002',
        'GS-L000-0001',
      ]);
      expect(pages[0]![0]).toMatchObject({ at: '2026-11-20T05:00:00.000Z', username: 'officer-li', what: 'personal' });
      expect(typeof pages[0]![0]!.id).toBe('number');
    });

    it('keeps the enterprises list: one entry per name, by name', async () => {
      const e = (id: string, name: string) => ({
        enterpriseId: id,
        name,
        industry: 'construction',
        district: QUANSHAN,
        createdAt: DECLARED,
        createdBy: 'officer-li',
      });
      expect(await injuries().insertEnterprise(e('ent-bbbbbbbbbb', '中建八局徐州项目部'))).toBe(true);
      expect(await injuries().insertEnterprise(e('ent-aaaaaaaaaa', '徐工集团'))).toBe(true);
      expect(await injuries().insertEnterprise(e('ent-cccccccccc', '徐工集团'))).toBe(false);
      expect(await injuries().getEnterprise('ent-aaaaaaaaaa')).toEqual(e('ent-aaaaaaaaaa', '徐工集团'));
      expect(await injuries().enterpriseByName('中建八局徐州项目部')).toEqual(
        e('ent-bbbbbbbbbb', '中建八局徐州项目部'),
      );
      expect(await injuries().getEnterprise('ent-cccccccccc')).toBeUndefined();
      expect((await injuries().enterprises(10)).map((x) => x.name)).toEqual(['中建八局徐州项目部', '徐工集团'].sort());
      expect(await injuries().enterprises(1)).toHaveLength(1);
    });

    it('lists the districts of the registered stations for the declaration form', async () => {
      await addStations(
        store(),
        stationProfile('quanshan-sanbao', QUANSHAN),
        stationProfile('quanshan-two', QUANSHAN),
        stationProfile('gulou-huaihai', GULOU),
      );
      expect(await injuries().areas()).toEqual(
        [GULOU, QUANSHAN].sort().map((district) => ({ district, city: null, province: null })),
      );
    });
  });
}

/**
 * Injury visits through the hub's HTTP edge on SQLite: a declaration from a phone, its look-up, the workflow
 * on the hub's clock (the follow-up due 15 days after the visit, then overdue), the personal fields sealed in
 * the file and every read of them logged, erasure after closing, list import, limits and the analysis.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../tests/support/wait.ts';
import { STATION_A } from './hub-fixture.ts';
import {
  declaration,
  declare,
  declared,
  type InjuryHub,
  officeCall,
  startInjuryHub,
  step,
  WORKER,
} from './injury-fixture.ts';

let world: InjuryHub;
afterEach(async () => {
  await world?.hub.close();
});

const caseCount = () => world.hub.rows<{ n: number }>('SELECT count(*) AS n FROM injury_cases')[0]!.n;
const lookup = (caseNumber: string) =>
  world.hub.app.inject({ method: 'GET', url: `/api/v1/injury-declarations/${encodeURIComponent(caseNumber)}` });
const detail = async (caseId: string, cookie = world.officer) =>
  (await officeCall(world.hub, cookie, 'GET', `/api/v1/injuries/${caseId}`)).json();
const queue = async (cookie = world.officer) =>
  (await officeCall(world.hub, cookie, 'GET', '/api/v1/injuries')).json() as {
    today: string;
    cases: { caseId: string; status: string; due: string | null; nextDue: string | null }[];
  };

describe('a declaration from a phone', () => {
  it('gets a case number the declarant looks up, with nothing personal in the answer', async () => {
    world = await startInjuryHub();
    const res = await declare(world.hub, declaration({ via: `station:${STATION_A.id}` }));
    expect(res.statusCode).toBe(201);
    const { caseId, status } = res.json();
    expect(caseId).toMatch(/^GS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(status).toBe('declared');
    // Typed back in lower case, without its dashes and with O for 0, it is the same case.
    const typed = caseId.toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o');
    const found = await lookup(typed);
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual({
      caseId,
      status: 'declared',
      declaredOn: '2026-11-28',
      screenedOn: null,
      eligible: null,
      visitedOn: null,
      followedUpOn: null,
      closedOn: null,
    });
    expect(found.body).not.toContain(WORKER.name);
    const missing = await lookup('GS-0000-0000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('YZ_ERR_NOT_FOUND');
    const row = world.hub.rows('SELECT entry, found_through, via, consent_at, district FROM injury_cases')[0];
    expect(row).toEqual({
      entry: 'phone',
      found_through: 'self',
      via: `station:${STATION_A.id}`,
      consent_at: '2026-11-28T02:00:00.000Z',
      district: '泉山区',
    });
  });

  it('is refused without each of the two consents, naming each, and stores nothing', async () => {
    world = await startInjuryHub();
    for (const [consent, missing] of [
      [{ personal: true, sensitive: false }, ['consent.sensitive']],
      [{ personal: false, sensitive: true }, ['consent.personal']],
      [{ personal: false }, ['consent.personal', 'consent.sensitive']],
      [undefined, ['consent']],
    ] as const) {
      const res = await declare(world.hub, { ...declaration(), consent });
      expect(res.statusCode, JSON.stringify(consent)).toBe(400);
      expect(res.json().error.code).toBe('YZ_ERR_INVALID_BODY');
      expect(res.json().error.issues.map((i: { path: string }) => i.path)).toEqual(missing);
    }
    const sensitive = (await declare(world.hub, declaration({ consent: { personal: true, sensitive: false } }))).json();
    expect(sensitive.error.issues[0].message).toContain('单独同意');
    expect(caseCount()).toBe(0);
  });

  it('names every bad field, in the words the page shows, and stores nothing', async () => {
    world = await startInjuryHub();
    const res = await declare(
      world.hub,
      declaration({ phone: '12345', district: '不存在区', cause: 'lightning', injuredOn: '2026-12-01', name: ' ' }),
    );
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .error.issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(['name', 'phone']);
    const checked = await declare(
      world.hub,
      declaration({ district: '不存在区', cause: 'lightning', injuredOn: '2026-12-01' }),
    );
    expect(checked.json().error.issues).toEqual([
      { path: 'cause', message: '不在原因列表中 · not a cause of the list: lightning' },
      { path: 'injuredOn', message: '不能晚于今天 · after today (2026-11-28)' },
      { path: 'district', message: '不在服务区域内 · not a district of the hub: 不存在区' },
    ]);
    const forSomeone = await declare(world.hub, declaration({ declarant: 'colleague' }));
    expect(forSomeone.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['declarantPhone']);
    expect(caseCount()).toBe(0);
  });

  it('limits a flood from one address and from one phone (429 with retry-after), storing nothing refused', async () => {
    world = await startInjuryHub({ limits: { declarationsPerAddressPerHour: 5, declarationsPerPhonePerDay: 3 } });
    for (let i = 0; i < 5; i++) await declared(world.hub, { phone: `1391234560${i}` }, '10.9.9.9');
    const flood = await declare(world.hub, declaration({ phone: '13912345609' }), '10.9.9.9');
    expect(flood.statusCode).toBe(429);
    expect(flood.json().error.code).toBe('YZ_ERR_TOO_MANY_ATTEMPTS');
    expect(Number(flood.headers['retry-after'])).toBeGreaterThan(0);
    // Another address may still declare; one phone number at most three times a day, wherever from.
    for (let i = 0; i < 3; i++) await declared(world.hub, {}, `10.8.0.${i}`);
    expect((await declare(world.hub, declaration(), '10.8.0.9')).statusCode).toBe(429);
    expect(caseCount()).toBe(8);
    // An hour later the address has room again.
    world.hub.clock.now += 60 * 60_000;
    expect((await declare(world.hub, declaration({ phone: '13912345609' }), '10.9.9.9')).statusCode).toBe(201);
  });

  it('serves the declaration and look-up pages with their own CSP, the poster’s place preset', async () => {
    world = await startInjuryHub();
    const page = await world.hub.app.inject({ method: 'GET', url: `/injury/declare?via=station:${STATION_A.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'nonce-[^']+'/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<option value="泉山区" selected>');
    expect(page.body).toContain(`value="station:${STATION_A.id}"`);
    expect(page.body).toContain('操作不当');
    // A poster of something the hub does not know still opens the page, without the tag.
    const stale = await world.hub.app.inject({ method: 'GET', url: '/injury/declare?via=station:gone' });
    expect(stale.body).toContain('name="via" value=""');
    const look = await world.hub.app.inject({ method: 'GET', url: '/injury/lookup?case=GS-1234-5678' });
    expect(look.statusCode).toBe(200);
    expect(look.body).toContain('value="GS-1234-5678"');
  });
});

describe('the workflow on the hub’s clock', () => {
  it('screened, visited, due 15 days later, then overdue and first in the queue; the outcome keeps or closes it', async () => {
    world = await startInjuryHub({ followUpDays: 15, repeatFollowUpDays: 10 });
    const caseId = await declared(world.hub);
    const other = await declared(world.hub, { phone: '13800000001', injuredOn: '2026-11-20' });
    expect((await queue()).cases.map((c) => c.status)).toEqual(['declared', 'declared']);

    const screened = await step(world.hub, world.officer, caseId, 'screening', { eligible: true });
    expect(screened.statusCode).toBe(200);
    expect(screened.json().case).toMatchObject({ status: 'eligible', eligible: true, version: 2 });
    const visit = await step(world.hub, world.officer, caseId, 'visits', {
      visitedOn: '2026-11-28',
      visitors: ['李干事', '张主席'],
      condolenceYuan: 500,
      gift: '慰问品一份',
      legalAid: true,
      note: '伤者情绪稳定，需工伤认定指导',
    });
    expect(visit.statusCode).toBe(200);
    expect(visit.json().case).toMatchObject({
      status: 'visited',
      nextDue: '2026-12-13',
      due: 'upcoming',
      dueKind: 'follow-up',
    });
    expect(
      visit
        .json()
        .activity.map((a: { action: string; actor: string; hasNote: boolean }) => [a.action, a.actor, a.hasNote]),
    ).toEqual([
      ['declared', 'declarant', false],
      ['screened', 'officer-li', false],
      ['visited', 'officer-li', true],
    ]);
    expect(visit.json().activity[2].details).toEqual({
      visitedOn: '2026-11-28',
      visitors: ['李干事', '张主席'],
      condolenceYuan: 500,
      gift: '慰问品一份',
      legalAid: true,
      mutualAid: false,
      nextDue: '2026-12-13',
    });

    await world.advance(15);
    let q = await queue();
    expect(q.today).toBe('2026-12-13');
    expect(q.cases[0]).toMatchObject({ caseId, due: 'due' });
    await world.advance(1);
    q = await queue();
    expect(q.cases.map((c) => [c.caseId, c.due])).toEqual([
      [caseId, 'overdue'],
      [other, null],
    ]);

    const stillTreated = await step(world.hub, world.officer, caseId, 'follow-ups', {
      calledOn: '2026-12-14',
      outcome: 'treatment',
    });
    expect(stillTreated.json().case).toMatchObject({
      status: 'treatment',
      outcome: 'treatment',
      nextDue: '2026-12-24',
      due: 'upcoming',
    });
    const recovered = await step(world.hub, world.officer, caseId, 'follow-ups', {
      calledOn: '2026-12-14',
      outcome: 'recovered',
    });
    expect(recovered.json().case).toMatchObject({
      status: 'closed',
      closedReason: 'recovered',
      nextDue: null,
      followUps: 2,
      firstFollowUpOn: '2026-12-14',
    });
    expect((await queue()).cases.map((c) => c.caseId)).toEqual([other]);
    const closed = (await officeCall(world.hub, world.officer, 'GET', '/api/v1/injuries?state=closed')).json();
    expect(closed.cases.map((c: { caseId: string }) => c.caseId)).toEqual([caseId]);
    expect((await lookup(caseId)).json()).toMatchObject({
      status: 'closed',
      screenedOn: '2026-11-28',
      eligible: true,
      visitedOn: '2026-11-28',
      followedUpOn: '2026-12-14',
      closedOn: '2026-12-14',
    });
  });

  it('因工伤致残 moves the case to periodic visits; not eligible closes it with the reason', async () => {
    world = await startInjuryHub({ periodicVisitDays: 90 });
    const caseId = await declared(world.hub);
    await step(world.hub, world.officer, caseId, 'screening', { eligible: true });
    await step(world.hub, world.officer, caseId, 'visits', { visitedOn: '2026-11-27', visitors: ['李干事'] });
    await world.advance(15);
    const disabled = await step(world.hub, world.officer, caseId, 'follow-ups', {
      calledOn: '2026-12-12',
      outcome: 'disabled',
    });
    expect(disabled.json().case).toMatchObject({ status: 'long-term-care', nextDue: '2027-03-12', dueKind: 'visit' });
    const again = await step(world.hub, world.officer, caseId, 'visits', {
      visitedOn: '2026-12-13',
      visitors: ['李干事'],
    });
    expect(again.json().case).toMatchObject({ status: 'long-term-care', visits: 2, nextDue: '2027-03-13' });

    const out = await declared(world.hub, { phone: '13800000002' });
    const refused = await step(world.hub, world.officer, out, 'screening', {
      eligible: false,
      reason: 'not-work-injury',
    });
    expect(refused.json().case).toMatchObject({
      status: 'closed',
      closedReason: 'not-eligible',
      ineligibleReason: 'not-work-injury',
    });
    expect((await lookup(out)).json()).toMatchObject({ status: 'closed', eligible: false });
  });

  it('refuses a step out of turn, a stale version, and days that cannot be, changing nothing', async () => {
    world = await startInjuryHub();
    const caseId = await declared(world.hub);
    const early = await step(world.hub, world.officer, caseId, 'follow-ups', {
      calledOn: '2026-11-28',
      outcome: 'recovered',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toEqual({
      code: 'YZ_ERR_CASE_STATE',
      message: `case ${caseId} is declared: it cannot be followed up`,
    });
    await step(world.hub, world.officer, caseId, 'screening', { eligible: true });
    const stale = await officeCall(world.hub, world.officer, 'POST', `/api/v1/injuries/${caseId}/close`, {
      version: 1,
      reason: 'unreachable',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('YZ_ERR_CASE_CHANGED');
    const future = await step(world.hub, world.officer, caseId, 'visits', {
      visitedOn: '2026-11-29',
      visitors: ['李干事'],
    });
    expect(future.json().error.issues).toEqual([
      { path: 'visitedOn', message: '2026-11-29 is after today (2026-11-28)' },
    ]);
    const beforeInjury = await step(world.hub, world.officer, caseId, 'visits', {
      visitedOn: '2026-11-20',
      visitors: ['李干事'],
    });
    expect(beforeInjury.json().error.issues[0].message).toBe('2026-11-20 is before the injury (2026-11-25)');
    const noVisitors = await step(world.hub, world.officer, caseId, 'visits', {
      visitedOn: '2026-11-28',
      visitors: [],
    });
    expect(noVisitors.json().error.issues[0].path).toBe('visitors');
    expect((await detail(caseId)).case).toMatchObject({ status: 'eligible', version: 2 });
    expect(world.hub.rows('SELECT count(*) AS n FROM injury_activity')).toEqual([{ n: 2 }]);
  });

  it('keeps the activity log append-only in the database itself', async () => {
    world = await startInjuryHub();
    await declared(world.hub);
    const db = new Database(join(world.hub.dir, 'hub.db'));
    try {
      expect(() => db.prepare("UPDATE injury_activity SET actor = 'someone'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM injury_activity').run()).toThrow(/append-only/);
      expect(() =>
        db.prepare("INSERT INTO injury_access_log (at, username, case_id, what) VALUES ('x','y','z','w')").run(),
      ).not.toThrow();
      expect(() => db.prepare('DELETE FROM injury_access_log').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});

describe('personal fields', () => {
  it('are read by case officers only, each read in the access log that only admins read', async () => {
    world = await startInjuryHub();
    const caseId = await declared(world.hub, {
      declarant: 'colleague',
      declarantName: '赵师傅',
      declarantPhone: '13700000003',
    });
    await step(world.hub, world.officer, caseId, 'notes', { note: '已电话联系，下周二上门' });
    const plain = await officeCall(world.hub, world.officer, 'GET', `/api/v1/injuries/${caseId}`);
    expect(plain.body).not.toContain(WORKER.name);
    expect(plain.body).not.toContain(WORKER.phone);
    expect(world.hub.rows('SELECT count(*) AS n FROM injury_access_log')).toEqual([{ n: 0 }]);

    const read = await officeCall(world.hub, world.officer, 'GET', `/api/v1/injuries/${caseId}/personal`);
    expect(read.statusCode).toBe(200);
    expect(read.headers['cache-control']).toBe('no-store');
    expect(read.json()).toEqual({
      caseId,
      personal: {
        name: WORKER.name,
        phone: WORKER.phone,
        hospital: '徐州市中心医院',
        injury: '右手食指骨折，住院三天',
        helpNote: null,
        declarantName: '赵师傅',
        declarantPhone: '13700000003',
      },
      notes: [{ seq: 2, note: '已电话联系，下周二上门' }],
    });
    for (const cookie of [world.viewer]) {
      expect((await officeCall(world.hub, cookie, 'GET', `/api/v1/injuries/${caseId}/personal`)).statusCode).toBe(403);
    }
    const gulou = await officeCall(world.hub, world.gulouOfficer, 'GET', `/api/v1/injuries/${caseId}/personal`);
    expect(gulou.json().error.code).toBe('YZ_ERR_FORBIDDEN_DISTRICT');
    await officeCall(world.hub, world.admin, 'GET', `/api/v1/injuries/${caseId}/personal`);

    expect((await officeCall(world.hub, world.officer, 'GET', '/api/v1/injury-access-log')).statusCode).toBe(403);
    const log = await officeCall(world.hub, world.admin, 'GET', '/api/v1/injury-access-log');
    expect(
      log.json().entries.map((e: { username: string; caseId: string; what: string }) => [e.username, e.caseId, e.what]),
    ).toEqual([
      ['office', caseId, 'personal'],
      ['officer-li', caseId, 'personal'],
    ]);
  });

  it('are never in the database file in plain text: not the name, the phone, the injury nor a note', async () => {
    world = await startInjuryHub();
    const caseId = await declared(world.hub);
    await step(world.hub, world.officer, caseId, 'notes', { note: '王建国家属电话13912345678' });
    const imported = await officeCall(world.hub, world.officer, 'POST', '/api/v1/injury-imports', {
      filename: 'list.csv',
      csv: '姓名,电话,企业,行业,岗位,原因,受伤日期,地点,区\n李秀英,13600001111,徐州重工机械厂,制造业,一线操作工,机械伤害,2026-11-20,车间,泉山区\n',
    });
    expect(imported.statusCode).toBe(201);
    await world.hub.app.close();
    const files = readdirSync(world.hub.dir).filter((f) => f.startsWith('hub.db'));
    expect(files).toContain('hub.db');
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(world.hub.dir, f))));
    expect(bytes.length).toBeGreaterThan(10_000);
    // The enterprise is not personal and is stored as it is: the search itself works.
    expect(bytes.includes(Buffer.from('徐州重工机械厂'))).toBe(true);
    for (const secret of [WORKER.name, WORKER.phone, '右手食指骨折', '家属电话', '李秀英', '13600001111']) {
      expect(bytes.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
      expect(bytes.includes(Buffer.from(secret, 'utf16le')), secret).toBe(false);
    }
  });

  it('are erased the configured months after the case closes, on the hub’s clock; the counts stay', async () => {
    world = await startInjuryHub({ eraseAfterMonths: 2, eraseCheckSeconds: 0.05 });
    const caseId = await declared(world.hub);
    const keptOpen = await declared(world.hub, { phone: '13800000004' });
    await step(world.hub, world.officer, caseId, 'screening', { eligible: true });
    await step(world.hub, world.officer, caseId, 'visits', {
      visitedOn: '2026-11-28',
      visitors: ['李干事'],
      note: '骨折',
    });
    await step(world.hub, world.officer, caseId, 'follow-ups', { calledOn: '2026-11-28', outcome: 'recovered' });
    const analysis = async () =>
      (
        await officeCall(world.hub, world.officer, 'GET', '/api/v1/injury-analysis?from=2026-11-01&to=2026-11-30')
      ).json();
    const before = await analysis();

    await world.advance(59);
    await new Promise((r) => setTimeout(r, 200));
    expect(world.hub.rows('SELECT erased_at FROM injury_cases WHERE case_id = ?', caseId)).toEqual([
      { erased_at: null },
    ]);
    await world.advance(3);
    await waitFor(
      () =>
        world.hub.rows<{ erased_at: string | null }>('SELECT erased_at FROM injury_cases WHERE case_id = ?', caseId)[0]!
          .erased_at,
      {
        what: 'the erasure',
      },
    );
    const personal = await officeCall(world.hub, world.officer, 'GET', `/api/v1/injuries/${caseId}/personal`);
    expect(personal.json()).toEqual({ caseId, personal: null, notes: [] });
    const d = await detail(caseId);
    expect(d.case).toMatchObject({ place: null, status: 'closed', closedReason: 'recovered' });
    expect(d.activity.at(-1)).toMatchObject({ action: 'erased', actor: 'hub', hasNote: false });
    expect(world.hub.rows('SELECT count(*) AS n FROM injury_activity WHERE note IS NOT NULL')).toEqual([{ n: 0 }]);
    expect(
      (await officeCall(world.hub, world.officer, 'GET', `/api/v1/injuries/${keptOpen}/personal`)).json().personal.name,
    ).toBe(WORKER.name);
    expect(await analysis()).toEqual(before);
    const late = await step(world.hub, world.officer, caseId, 'notes', { note: 'x' });
    expect(late.json().error).toEqual({ code: 'YZ_ERR_CASE_STATE', message: `case ${caseId} has been erased` });
  });
});

describe('office entry and list import', () => {
  const HEADER = '姓名,电话,企业,行业,岗位,原因,受伤日期,地点,区,身份证号';

  it('imports a whole list, found through the labour bureau, ignoring columns the hub does not keep', async () => {
    world = await startInjuryHub();
    const csv = `\uFEFF${HEADER}\r\n李秀英,139 1234 0001,徐州重工机械厂,制造业,一线操作工,操作不当,2026/11/3,车间,泉山区,320300199001011234\r\n"张,伟",13912340002,中建八局,建筑业,建筑施工人员,高处坠落,2026-11-04,"三号楼 ""北侧""",泉山区,320300199001015678\r\n`;
    const res = await officeCall(world.hub, world.officer, 'POST', '/api/v1/injury-imports', {
      filename: '人社局11月.csv',
      csv,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().imported).toBe(2);
    const rows = world.hub.rows(
      'SELECT entry, found_through, cause, injured_on, place FROM injury_cases ORDER BY injured_on',
    );
    expect(rows).toEqual([
      {
        entry: 'import',
        found_through: 'labour-bureau',
        cause: 'misoperation',
        injured_on: '2026-11-03',
        place: '车间',
      },
      {
        entry: 'import',
        found_through: 'labour-bureau',
        cause: 'fall',
        injured_on: '2026-11-04',
        place: '三号楼 "北侧"',
      },
    ]);
    const first = (await detail(res.json().caseIds[0])).activity[0];
    expect(first).toMatchObject({
      action: 'imported',
      actor: 'officer-li',
      details: { file: '人社局11月.csv', line: 2 },
    });
    const db = readFileSync(join(world.hub.dir, 'hub.db'));
    expect(db.includes(Buffer.from('320300199001011234'))).toBe(false);
  });

  it('imports nothing from a list with bad rows, naming each bad row and field', async () => {
    world = await startInjuryHub();
    const csv = [
      HEADER,
      '李秀英,13912340001,徐州重工机械厂,制造业,一线操作工,操作不当,2026-11-03,车间,泉山区,',
      ',13912340002,中建八局,建筑业,建筑施工人员,高处坠落,2026-11-04,工地,泉山区,',
      '王五,13912340003,中建八局,建筑业,飞行员,雷击,2026-11-04,工地,泉山区,',
      '赵六,110,中建八局,建筑业,建筑施工人员,高处坠落,2030-01-01,工地,火星区,',
    ].join('\n');
    const res = await officeCall(world.hub, world.officer, 'POST', '/api/v1/injury-imports', {
      filename: 'bad.csv',
      csv,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toEqual([
      { path: 'line 3: name', message: '必填 · required' },
      { path: 'line 4: post', message: '不在岗位列表中 · not a post of the list: 飞行员' },
      { path: 'line 4: cause', message: '不在原因列表中 · not a cause of the list: 雷击' },
      {
        path: 'line 5: phone',
        message: '请填写手机号或带区号的座机 · a mobile number, or a landline with its area code',
      },
      { path: 'line 5: injuredOn', message: '不能晚于今天 · after today (2026-11-28)' },
      { path: 'line 5: district', message: '不在服务区域内 · not a district of the hub: 火星区' },
    ]);
    expect(caseCount()).toBe(0);
    const noColumn = await officeCall(world.hub, world.officer, 'POST', '/api/v1/injury-imports', {
      filename: 'x.csv',
      csv: '姓名,电话\n李,13912340001\n',
    });
    expect(noColumn.json().error.issues[0]).toEqual({
      path: 'line 1',
      message: '缺少列 · missing column: 行业 industry',
    });
    const unclosed = await officeCall(world.hub, world.officer, 'POST', '/api/v1/injury-imports', {
      filename: 'x.csv',
      csv: `${HEADER}\n"李,13912340001\n`,
    });
    expect(unclosed.json().error.issues).toEqual([{ path: 'csv', message: 'line 2: a quoted cell is never closed' }]);
    expect(caseCount()).toBe(0);
  });

  it('takes a case the office found, in its own district only', async () => {
    world = await startInjuryHub();
    const { consent: _, declarant: __, ...fields } = declaration();
    const res = await officeCall(world.hub, world.officer, 'POST', '/api/v1/injuries', {
      ...fields,
      foundThrough: 'enterprise',
      note: '企业工会电话报告',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().case).toMatchObject({
      entry: 'office',
      foundThrough: 'enterprise',
      consentAt: null,
      status: 'declared',
    });
    expect(res.json().activity).toEqual([
      expect.objectContaining({ action: 'entered', actor: 'officer-li', hasNote: true }),
    ]);
    const elsewhere = await officeCall(world.hub, world.gulouOfficer, 'POST', '/api/v1/injuries', {
      ...fields,
      foundThrough: 'other',
    });
    expect(elsewhere.statusCode).toBe(403);
    expect(caseCount()).toBe(1);
  });
});

describe('analysis, risk notices and posters', () => {
  it('counts by industry, post and cause with the funnel; suppresses counts under 5 for viewers and exports', async () => {
    world = await startInjuryHub({ riskMinCases: 3 });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push(
        await declared(
          world.hub,
          { phone: `1380000001${i}`, cause: i < 4 ? 'misoperation' : 'traffic' },
          `10.0.0.${i}`,
        ),
      );
    await declared(
      world.hub,
      { phone: '13800000099', enterpriseName: '中建八局', industry: 'construction', cause: 'fall' },
      '10.0.1.1',
    );
    for (const id of ids.slice(0, 5)) await step(world.hub, world.officer, id, 'screening', { eligible: true });
    await step(world.hub, world.officer, ids[0]!, 'visits', { visitedOn: '2026-11-28', visitors: ['李干事'] });
    const a = (
      await officeCall(world.hub, world.officer, 'GET', '/api/v1/injury-analysis?from=2026-11-01&to=2026-11-30')
    ).json();
    expect(a.suppressed).toBe(false);
    expect(a.funnel).toEqual({
      found: 7,
      eligible: 5,
      visited: 1,
      followedUp: 0,
      outcomes: { recovered: 0, treatment: 0, disabled: 0 },
    });
    expect(a.declaredOnline).toBe(7);
    expect(a.byCause.slice(0, 3)).toEqual([
      { id: 'misoperation', cases: 4 },
      { id: 'traffic', cases: 2 },
      { id: 'machinery', cases: 0 },
    ]);
    expect(a.byEnterprise).toEqual([
      {
        key: 'name:徐州重工机械厂',
        enterpriseId: null,
        name: '徐州重工机械厂',
        cases: 6,
        previous: 0,
        flags: ['many', 'rising'],
      },
      { key: 'name:中建八局', enterpriseId: null, name: '中建八局', cases: 1, previous: 0, flags: [] },
    ]);

    const viewer = (
      await officeCall(world.hub, world.viewer, 'GET', '/api/v1/injury-analysis?from=2026-11-01&to=2026-11-30')
    ).json();
    expect(viewer.funnel.found).toBe(0); // 鼓楼区 has no case
    const all = (
      await officeCall(world.hub, world.officerAll, 'GET', '/api/v1/injury-analysis?from=2026-11-01&to=2026-11-30')
    ).json();
    expect(all.funnel.found).toBe(7);

    const csv = await officeCall(
      world.hub,
      world.officer,
      'GET',
      '/api/v1/injury-analysis/csv?from=2026-11-01&to=2026-11-30',
    );
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toContain('流程 funnel,发现 found,7\r\n');
    expect(csv.body).toContain('流程 funnel,符合探视条件 eligible,5\r\n');
    expect(csv.body).toContain('流程 funnel,已探视 visited,<5\r\n');
    expect(csv.body).toContain('原因 cause,交通事故,<5\r\n');
    expect(csv.body).toContain('原因 cause,机械伤害,0\r\n');
    expect(csv.body).toContain('企业 enterprise,徐州重工机械厂,6\r\n');

    const notice = await officeCall(
      world.hub,
      world.officer,
      'GET',
      `/api/v1/injury-risk-notices?from=2026-11-01&to=2026-11-30&enterprise=${encodeURIComponent('name:徐州重工机械厂')}`,
    );
    expect(notice.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(notice.body).toContain('徐州重工机械厂：');
    expect(notice.body).toContain(
      '共发现贵单位职工因工受伤6起，较上一同期有所上升。主要原因为操作不当、交通事故，涉及岗位主要为一线操作工。',
    );
    const small = await officeCall(
      world.hub,
      world.officer,
      'GET',
      `/api/v1/injury-risk-notices?from=2026-11-01&to=2026-11-30&enterprise=${encodeURIComponent('name:中建八局')}`,
    );
    expect(small.body).toContain('因工受伤少于5起');
  });

  it('draws a poster PNG per station, enterprise or site, and puts the declaration URL in the kiosk’s bundle', async () => {
    world = await startInjuryHub({ publicUrl: 'https://gh.xz.example.cn' });
    const poster = await officeCall(
      world.hub,
      world.officer,
      'GET',
      `/api/v1/injury-posters?via=${encodeURIComponent('site:淮海路地铁站工地')}`,
    );
    expect(poster.statusCode).toBe(200);
    expect(poster.headers['content-type']).toBe('image/png');
    expect(poster.rawPayload.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(poster.rawPayload.readUInt32BE(16)).toBe(1240);
    expect(
      (await officeCall(world.hub, world.officer, 'GET', '/api/v1/injury-posters?via=station:none')).statusCode,
    ).toBe(404);
    expect(
      (await officeCall(world.hub, world.viewer, 'GET', `/api/v1/injury-posters?via=station:${STATION_A.id}`))
        .statusCode,
    ).toBe(403);
    const bundle = await world.hub.app.inject({
      method: 'GET',
      url: `/api/v1/stations/${STATION_A.id}/bundle`,
      headers: { authorization: `Bearer ${world.hub.tokens.a}` },
    });
    expect(bundle.json().injuryDeclarationUrl).toBe(
      `https://gh.xz.example.cn/injury/declare?via=${encodeURIComponent(`station:${STATION_A.id}`)}`,
    );
    // Nothing of a case reaches a station: the bundle is the same with cases as without.
    const etag = bundle.headers.etag;
    await declared(world.hub);
    const again = await world.hub.app.inject({
      method: 'GET',
      url: `/api/v1/stations/${STATION_A.id}/bundle`,
      headers: { authorization: `Bearer ${world.hub.tokens.a}`, 'if-none-match': String(etag) },
    });
    expect(again.statusCode).toBe(304);
  });
});

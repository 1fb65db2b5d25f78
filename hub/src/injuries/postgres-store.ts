import { decodeCursor, pageOf } from '../paging.ts';
import { Params } from '../postgres/params.ts';
import { one, type Pg, type Sql } from '../postgres/sql.ts';
import {
  CASE_COLUMN_NAMES,
  CASE_COLUMNS,
  COUNT_GROUP,
  COUNT_SELECT,
  caseValues,
  QUEUE_DAY,
  queueRank,
  toCase,
  toCountRow,
} from './rows.ts';
import type { AccessEntry, Enterprise } from './schema.ts';
import {
  ACCESS_LIST,
  type AreaRow,
  type CaseScope,
  CLOSED_LIST,
  type InjuryStore,
  type NewActivity,
  QUEUE_LIST,
  type StoredActivity,
} from './store.ts';

type Row = Parameters<typeof toCase>[0];

/** Cases (`c`) in scope; a NULL level means "any". */
function scopeSql(p: Params, s: CaseScope): string {
  const district = p.add(s.district ?? null);
  const city = p.add(s.city ?? null);
  const province = p.add(s.province ?? null);
  return `(${district}::text IS NULL OR c.district = ${district})
    AND (${city}::text IS NULL OR coalesce(c.city, '') = ${city})
    AND (${province}::text IS NULL OR coalesce(c.province, '') = ${province})`;
}

const ENTERPRISE_COLUMNS = `enterprise_id AS "enterpriseId", name, industry, district, created_at AS "createdAt",
  created_by AS "createdBy"`;

const appendEntry = (sql: Sql, caseId: string, e: NewActivity) =>
  sql.query(
    'INSERT INTO injury_activity (case_id, seq, at, actor, action, details, note) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [caseId, e.seq, e.at, e.actor, e.action, JSON.stringify(e.details), e.note === null ? null : Buffer.from(e.note)],
  );

const INSERT_CASE = `INSERT INTO injury_cases (${CASE_COLUMN_NAMES.join(', ')}, personal)
  VALUES (${CASE_COLUMN_NAMES.map((_, i) => `$${i + 1}`).join(', ')}, $${CASE_COLUMN_NAMES.length + 1})
  ON CONFLICT (case_id) DO NOTHING`;

// Every column but the id, then the id and the version the row must still be at.
const UPDATE_CASE = `UPDATE injury_cases SET ${CASE_COLUMN_NAMES.slice(1)
  .map((c, i) => `${c} = $${i + 1}`)
  .join(', ')} WHERE case_id = $${CASE_COLUMN_NAMES.length} AND version = $${CASE_COLUMN_NAMES.length + 1}`;

/** A taken case id: the whole insert is rolled back. */
class TakenId extends Error {}

export function postgresInjuryStore(pg: Pg): InjuryStore {
  const { sql } = pg;
  return {
    insert: async (cases) => {
      try {
        await pg.atomic(async (tx) => {
          for (const c of cases) {
            const { rowCount } = await tx.query(INSERT_CASE, [...caseValues(c.record), Buffer.from(c.personal)]);
            if (rowCount !== 1) throw new TakenId();
            await appendEntry(tx, c.record.caseId, c.first);
          }
        });
        return true;
      } catch (error) {
        if (error instanceof TakenId) return false;
        throw error;
      }
    },
    get: async (caseId) => {
      const row = await one<Row & { personal: Buffer | null }>(
        sql,
        `SELECT ${CASE_COLUMNS}, c.personal FROM injury_cases c WHERE c.case_id = $1`,
        [caseId],
      );
      if (!row) return undefined;
      const { personal, ...rest } = row;
      return { ...toCase(rest), personal };
    },
    update: (next, entry) =>
      pg.atomic(async (tx) => {
        const [id, ...rest] = caseValues(next);
        const { rowCount } = await tx.query(UPDATE_CASE, [...rest, id, next.version - 1]);
        if (rowCount !== 1) return false;
        await appendEntry(tx, next.caseId, entry);
        return true;
      }),
    activity: async (caseId) =>
      (
        await sql.query<Omit<StoredActivity, 'details'> & { details: string }>(
          `SELECT case_id AS "caseId", seq, at, actor, action, details, note FROM injury_activity WHERE case_id = $1
           ORDER BY seq`,
          [caseId],
        )
      ).rows.map((a) => ({ ...a, details: JSON.parse(a.details) })),
    queue: async (scope, today, page) => {
      const p = new Params();
      const day = p.add(today);
      const scoped = scopeSql(p, scope);
      let after = 'TRUE';
      if (page.before) {
        const [rank, afterDay, id] = decodeCursor(QUEUE_LIST, page.before, ['number', 'string', 'string']);
        after = `(rank, day, "caseId") > (${p.add(rank)}::int, ${p.add(afterDay)}::text, ${p.add(id)}::text)`;
      }
      const { rows } = await sql.query<Row & { rank: number; day: string }>(
        `SELECT * FROM (SELECT ${CASE_COLUMNS}, ${queueRank(`${day}::text`)} AS rank, ${QUEUE_DAY} AS day
           FROM injury_cases c WHERE c.closed_at IS NULL AND ${scoped}) q
         WHERE ${after} ORDER BY rank, day, "caseId" LIMIT ${p.add(page.limit + 1)}`,
        p.values,
      );
      const ranked = rows.map(({ rank, day, ...row }) => ({ record: toCase(row), rank, day }));
      const paged = pageOf(QUEUE_LIST, ranked, page.limit, (r) => [r.rank, r.day, r.record.caseId]);
      return { items: paged.items.map((r) => r.record), next: paged.next };
    },
    closed: async (scope, page) => {
      const p = new Params();
      const scoped = scopeSql(p, scope);
      let after = 'TRUE';
      if (page.before) {
        const [at, id] = decodeCursor(CLOSED_LIST, page.before, ['string', 'string']);
        after = `(c.closed_at, c.case_id) < (${p.add(at)}::text, ${p.add(id)}::text)`;
      }
      const { rows } = await sql.query<Row>(
        `SELECT ${CASE_COLUMNS} FROM injury_cases c WHERE c.closed_at IS NOT NULL AND ${scoped} AND ${after}
         ORDER BY c.closed_at DESC, c.case_id DESC LIMIT ${p.add(page.limit + 1)}`,
        p.values,
      );
      return pageOf(CLOSED_LIST, rows.map(toCase), page.limit, (c) => [c.closedAt!, c.caseId]);
    },
    counts: async (scope, from, to) => {
      const p = new Params();
      const { rows } = await sql.query<Parameters<typeof toCountRow>[0]>(
        `SELECT ${COUNT_SELECT} FROM injury_cases c
         WHERE ${scopeSql(p, scope)} AND c.injured_on BETWEEN ${p.add(from)} AND ${p.add(to)} ${COUNT_GROUP}`,
        p.values,
      );
      return rows.map(toCountRow);
    },
    logAccess: async (e) => {
      await sql.query('INSERT INTO injury_access_log (at, username, case_id, what) VALUES ($1, $2, $3, $4)', [
        e.at,
        e.username,
        e.caseId,
        e.what,
      ]);
    },
    accessLog: async (page) => {
      const after = page.before ? decodeCursor(ACCESS_LIST, page.before, ['number']) : undefined;
      const { rows } = await sql.query<AccessEntry & { id: string }>(
        `SELECT id, at, username, case_id AS "caseId", what FROM injury_access_log
         WHERE $1::bigint IS NULL OR id < $1 ORDER BY id DESC LIMIT $2`,
        [after?.[0] ?? null, page.limit + 1],
      );
      return pageOf(
        ACCESS_LIST,
        rows.map((r) => ({ ...r, id: Number(r.id) })),
        page.limit,
        (e) => [e.id],
      );
    },
    eraseClosedBefore: (cutoff, at) =>
      pg.atomic(async (tx) => {
        // Locked as they are read: two hub processes sweeping at once erase each case once.
        const { rows } = await tx.query<{ caseId: string }>(
          `SELECT case_id AS "caseId" FROM injury_cases
           WHERE closed_at IS NOT NULL AND closed_at < $1 AND erased_at IS NULL ORDER BY case_id FOR UPDATE SKIP LOCKED`,
          [cutoff],
        );
        for (const { caseId } of rows) {
          await tx.query(
            `UPDATE injury_cases SET personal = NULL, place = NULL, erased_at = $1, version = version + 1
             WHERE case_id = $2`,
            [at, caseId],
          );
          await tx.query('UPDATE injury_activity SET note = NULL WHERE case_id = $1 AND note IS NOT NULL', [caseId]);
          const next = await one<{ seq: number }>(
            tx,
            'SELECT max(seq) + 1 AS seq FROM injury_activity WHERE case_id = $1',
            [caseId],
          );
          await appendEntry(tx, caseId, {
            seq: next!.seq,
            at,
            actor: 'hub',
            action: 'erased',
            details: {},
            note: null,
          });
        }
        return rows.map((r) => r.caseId);
      }),
    insertEnterprise: async (e) =>
      (
        await sql.query(
          `INSERT INTO injury_enterprises (enterprise_id, name, industry, district, created_at, created_by)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [e.enterpriseId, e.name, e.industry, e.district, e.createdAt, e.createdBy],
        )
      ).rowCount === 1,
    getEnterprise: (id) =>
      one<Enterprise>(sql, `SELECT ${ENTERPRISE_COLUMNS} FROM injury_enterprises WHERE enterprise_id = $1`, [id]),
    enterpriseByName: (name) =>
      one<Enterprise>(sql, `SELECT ${ENTERPRISE_COLUMNS} FROM injury_enterprises WHERE name = $1`, [name]),
    enterprises: async (limit) =>
      (
        await sql.query<Enterprise>(
          `SELECT ${ENTERPRISE_COLUMNS} FROM injury_enterprises ORDER BY name, enterprise_id LIMIT $1`,
          [limit],
        )
      ).rows,
    areas: async () =>
      (
        await sql.query<AreaRow>(
          `SELECT DISTINCT district, city, province, coalesce(province, '') AS p, coalesce(city, '') AS ci
           FROM stations WHERE retired_at IS NULL ORDER BY p, ci, district LIMIT 1000`,
        )
      ).rows.map(({ district, city, province }) => ({ district, city, province })),
  };
}

import type { FeedbackCategory } from '@yizhan/shared';
import { decodeCursor, pageOf } from '../paging.ts';
import { Params, scopeSql } from '../postgres/params.ts';
import { one, type Pg, type Sql } from '../postgres/sql.ts';
import { type CaseCountRow, caseShare, summaryOf } from './counts.ts';
import type { FeedbackCase, FeedbackChange } from './schema.ts';
import type { FeedbackQuery, FeedbackStore } from './store.ts';

const COLUMNS = `f.station_id AS "stationId", f.feedback_id AS "feedbackId", f.category, f.place,
  f.created_at AS "createdAt", f.status, f.assignee, f.reply, f.updated_at AS "updatedAt",
  f.resolved_at AS "resolvedAt"`;

function filterSql(p: Params, q: Omit<FeedbackQuery, 'status'>): string {
  const from = p.add(q.fromIso ?? null);
  const to = p.add(q.toIso ?? null);
  return `${scopeSql(p, q)} AND (${from}::text IS NULL OR f.created_at >= ${from})
    AND (${to}::text IS NULL OR f.created_at < ${to})`;
}

/**
 * Every write to feedback_cases on PostgreSQL, for the sync ingest and the office's edits alike, each keeping
 * the station's feedback_counts in step. Runs inside the caller's transaction, the case's row locked first.
 */
export function postgresFeedbackWriter(sql: Sql) {
  const locked = (stationId: string, feedbackId: string) =>
    one<FeedbackCase>(
      sql,
      `SELECT ${COLUMNS} FROM feedback_cases f WHERE f.station_id = $1 AND f.feedback_id = $2 FOR UPDATE`,
      [stationId, feedbackId],
    );
  const add = async (c: FeedbackCase, sign: 1 | -1) => {
    const share = caseShare(c);
    await sql.query(
      `INSERT INTO feedback_counts AS k (station_id, category, status, cases, resolved, resolve_hours)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (station_id, category, status) DO UPDATE SET cases = k.cases + excluded.cases,
         resolved = k.resolved + excluded.resolved, resolve_hours = k.resolve_hours + excluded.resolve_hours`,
      [c.stationId, c.category, c.status, sign * share.cases, sign * share.resolved, sign * share.resolveHours],
    );
  };
  return {
    async open(report: {
      stationId: string;
      feedbackId: string;
      category: FeedbackCategory;
      place: string | null;
      at: string;
    }) {
      const { rows } = await sql.query<FeedbackCase>(
        `INSERT INTO feedback_cases AS f (station_id, feedback_id, category, place, created_at, status, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'new', $5) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
        [report.stationId, report.feedbackId, report.category, report.place, report.at],
      );
      if (rows[0]) await add(rows[0], 1);
    },
    async update(stationId: string, feedbackId: string, edit: FeedbackChange, at: string) {
      const before = await locked(stationId, feedbackId);
      if (!before) return undefined;
      const status = edit.status ?? null;
      // resolved_at is set when a case enters "resolved" and cleared when it is reopened.
      const { rows } = await sql.query<FeedbackCase>(
        `UPDATE feedback_cases AS f SET
           resolved_at = CASE WHEN $1::text = 'resolved' AND f.status <> 'resolved' THEN $2
                              WHEN $1::text IS NOT NULL AND $1::text <> 'resolved' THEN NULL ELSE f.resolved_at END,
           status = coalesce($1::text, f.status),
           assignee = CASE WHEN $3 THEN $4 ELSE f.assignee END,
           reply = CASE WHEN $5 THEN $6 ELSE f.reply END,
           updated_at = $2
         WHERE f.station_id = $7 AND f.feedback_id = $8 RETURNING ${COLUMNS}`,
        [
          status,
          at,
          'assignee' in edit,
          edit.assignee ?? null,
          'reply' in edit,
          edit.reply ?? null,
          stationId,
          feedbackId,
        ],
      );
      const after = rows[0]!;
      await add(before, -1);
      await add(after, 1);
      return after;
    },
  };
}

export function postgresFeedbackStore(pg: Pg): FeedbackStore {
  const { sql } = pg;
  return {
    list: async (q, page) => {
      const p = new Params();
      const filter = filterSql(p, q);
      const status = q.status ? `f.status = ${p.add(q.status)}` : 'TRUE';
      let after = 'TRUE';
      if (page.before) {
        const [created, station, id] = decodeCursor('feedback', page.before, ['string', 'string', 'string']);
        after = `(f.created_at, f.station_id, f.feedback_id) < (${p.add(created)}, ${p.add(station)}, ${p.add(id)})`;
      }
      const { rows } = await sql.query<FeedbackCase>(
        `SELECT ${COLUMNS} FROM feedback_cases f JOIN stations s ON s.id = f.station_id
         WHERE ${filter} AND ${status} AND ${after}
         ORDER BY f.created_at DESC, f.station_id DESC, f.feedback_id DESC LIMIT ${p.add(page.limit + 1)}`,
        p.values,
      );
      return pageOf('feedback', rows, page.limit, (c) => [c.createdAt, c.stationId, c.feedbackId]);
    },
    summary: async (q) => {
      const p = new Params();
      const text =
        q.fromIso === undefined && q.toIso === undefined
          ? `SELECT c.category, c.status, sum(c.cases) AS cases, sum(c.resolved) AS resolved,
               sum(c.resolve_hours) AS "resolveHours"
             FROM feedback_counts c JOIN stations s ON s.id = c.station_id WHERE ${scopeSql(p, q)}
             GROUP BY c.category, c.status`
          : `SELECT f.category, f.status, count(*) AS cases, count(f.resolved_at) AS resolved,
               coalesce(sum(extract(epoch FROM (f.resolved_at::timestamptz - f.created_at::timestamptz)) / 3600), 0)
                 AS "resolveHours"
             FROM feedback_cases f JOIN stations s ON s.id = f.station_id WHERE ${filterSql(p, q)}
             GROUP BY f.category, f.status`;
      return summaryOf((await sql.query<CaseCountRow>(text, p.values)).rows);
    },
    get: (stationId, feedbackId) =>
      one<FeedbackCase>(sql, `SELECT ${COLUMNS} FROM feedback_cases f WHERE f.station_id = $1 AND f.feedback_id = $2`, [
        stationId,
        feedbackId,
      ]),
    update: (stationId, feedbackId, change, at) =>
      pg.atomic((tx) => postgresFeedbackWriter(tx).update(stationId, feedbackId, change, at)),
    replies: async (stationId, since) =>
      (
        await sql.query<FeedbackCase>(
          `SELECT ${COLUMNS} FROM feedback_cases f WHERE f.station_id = $1 AND f.reply IS NOT NULL AND f.updated_at >= $2
           ORDER BY f.updated_at, f.feedback_id`,
          [stationId, since],
        )
      ).rows,
  };
}

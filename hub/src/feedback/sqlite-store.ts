import type { FeedbackCategory } from '@yizhan/shared';
import { newestFirst } from '../sqlite/newest-first.ts';
import type { Db } from '../sqlite/open-database.ts';
import { SCOPE, scopeParams } from '../sqlite/scope.ts';
import { type CaseCountRow, caseShare, summaryOf } from './counts.ts';
import { FEEDBACK_STATUSES, type FeedbackCase, type FeedbackChange, type FeedbackStatus } from './schema.ts';
import type { FeedbackQuery, FeedbackStore } from './store.ts';

const COLUMNS = `f.station_id AS stationId, f.feedback_id AS feedbackId, f.category, f.place,
  f.created_at AS createdAt, f.status, f.assignee, f.reply, f.updated_at AS updatedAt, f.resolved_at AS resolvedAt`;

/** A status as a literal condition, so feedback_status_created is sought for it. */
const STATUS_IS = Object.fromEntries(FEEDBACK_STATUSES.map((status) => [status, `f.status = '${status}'`])) as Record<
  FeedbackStatus,
  string
>;

const FILTER = `${SCOPE} AND (@fromIso IS NULL OR f.created_at >= @fromIso) AND (@toIso IS NULL OR f.created_at < @toIso)`;

/**
 * Every write to feedback_cases, for the sync ingest and the office's edits alike: each keeps the
 * station's feedback_counts in step (the all-time summary is read from there). The caller runs it inside
 * its transaction.
 */
export function sqliteFeedbackWriter(db: Db) {
  const get = db.prepare<[string, string], FeedbackCase>(
    `SELECT ${COLUMNS} FROM feedback_cases f WHERE f.station_id = ? AND f.feedback_id = ?`,
  );
  const open = db.prepare(
    `INSERT OR IGNORE INTO feedback_cases (station_id, feedback_id, category, place, created_at, status, updated_at)
     VALUES (@stationId, @feedbackId, @category, @place, @at, 'new', @at)`,
  );
  // resolved_at is set when a case enters "resolved" and cleared when it is reopened.
  const change = db.prepare(
    `UPDATE feedback_cases SET
       resolved_at = CASE WHEN @status = 'resolved' AND status <> 'resolved' THEN @at
                          WHEN @status IS NOT NULL AND @status <> 'resolved' THEN NULL ELSE resolved_at END,
       status = coalesce(@status, status),
       assignee = CASE WHEN @setAssignee THEN @assignee ELSE assignee END,
       reply = CASE WHEN @setReply THEN @reply ELSE reply END,
       updated_at = @at
     WHERE station_id = @s AND feedback_id = @id`,
  );
  const count = db.prepare(
    `INSERT INTO feedback_counts (station_id, category, status, cases, resolved, resolve_hours) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (station_id, category, status) DO UPDATE SET cases = cases + excluded.cases,
       resolved = resolved + excluded.resolved, resolve_hours = resolve_hours + excluded.resolve_hours`,
  );
  const add = (c: FeedbackCase, sign: 1 | -1) => {
    const share = caseShare(c);
    count.run(c.stationId, c.category, c.status, sign * share.cases, sign * share.resolved, sign * share.resolveHours);
  };

  return {
    open(report: {
      stationId: string;
      feedbackId: string;
      category: FeedbackCategory;
      place: string | null;
      at: string;
    }) {
      if (open.run(report).changes === 1) add(get.get(report.stationId, report.feedbackId)!, 1);
    },
    update(stationId: string, feedbackId: string, edit: FeedbackChange, at: string): FeedbackCase | undefined {
      const before = get.get(stationId, feedbackId);
      if (!before) return undefined;
      change.run({
        s: stationId,
        id: feedbackId,
        at,
        status: edit.status ?? null,
        setAssignee: Number('assignee' in edit),
        assignee: edit.assignee ?? null,
        setReply: Number('reply' in edit),
        reply: edit.reply ?? null,
      });
      const after = get.get(stationId, feedbackId)!;
      add(before, -1);
      add(after, 1);
      return after;
    },
  };
}

export function sqliteFeedbackStore(db: Db): FeedbackStore {
  const writer = sqliteFeedbackWriter(db);
  const list = newestFirst<FeedbackCase>(db, {
    list: 'feedback',
    columns: COLUMNS,
    table: 'feedback_cases f',
    key: ['f.created_at', 'f.station_id', 'f.feedback_id'],
    keyOf: (c) => [c.createdAt, c.stationId, c.feedbackId],
  });
  const get = db.prepare<[string, string], FeedbackCase>(
    `SELECT ${COLUMNS} FROM feedback_cases f WHERE f.station_id = ? AND f.feedback_id = ?`,
  );
  // All-time counts, one statement per scope so each reads only its own kept rows: the hub's totals
  // (migration 007), a district's stations through stations_district, or one station's by key.
  const allTimeOf = (from: string) =>
    db.prepare<Record<string, unknown>, CaseCountRow>(
      `SELECT c.category, c.status, sum(c.cases) AS cases, sum(c.resolved) AS resolved,
         sum(c.resolve_hours) AS resolveHours
       FROM ${from} GROUP BY c.category, c.status`,
    );
  const allTime = {
    hub: allTimeOf('feedback_totals c'),
    district: allTimeOf(
      `stations s JOIN feedback_counts c ON c.station_id = s.id
       WHERE s.district = @district AND (@station IS NULL OR s.id = @station)
         AND (@city IS NULL OR coalesce(s.city, '') = @city) AND (@province IS NULL OR coalesce(s.province, '') = @province)`,
    ),
    station: allTimeOf('feedback_counts c WHERE c.station_id = @station'),
  };
  const allTimeOfScope = (q: Omit<FeedbackQuery, 'status'>) => {
    if (q.district !== undefined) return allTime.district.all(scopeParams(q));
    return q.stationId === undefined ? allTime.hub.all({}) : allTime.station.all({ station: q.stationId });
  };
  const inRange = db.prepare<Record<string, unknown>, CaseCountRow>(
    `SELECT f.category, f.status, count(*) AS cases, count(f.resolved_at) AS resolved,
       coalesce(sum((julianday(f.resolved_at) - julianday(f.created_at)) * 24), 0) AS resolveHours
     FROM feedback_cases f JOIN stations s ON s.id = f.station_id WHERE ${FILTER}
     GROUP BY f.category, f.status`,
  );
  const replies = db.prepare<[string, string], FeedbackCase>(
    `SELECT ${COLUMNS} FROM feedback_cases f WHERE f.station_id = ? AND f.reply IS NOT NULL AND f.updated_at >= ?
     ORDER BY f.updated_at, f.feedback_id`,
  );
  const filter = (q: Omit<FeedbackQuery, 'status'>) => ({
    ...scopeParams(q),
    fromIso: q.fromIso ?? null,
    toIso: q.toIso ?? null,
  });
  const update = db.transaction(writer.update);

  return {
    list: async (q, page) => list(q, q.status && STATUS_IS[q.status], page),
    summary: async (q) =>
      summaryOf(q.fromIso === undefined && q.toIso === undefined ? allTimeOfScope(q) : inRange.all(filter(q))),
    get: async (stationId, feedbackId) => get.get(stationId, feedbackId),
    update: async (stationId, feedbackId, change, at) => update.immediate(stationId, feedbackId, change, at),
    replies: async (stationId, since) => replies.all(stationId, since),
  };
}

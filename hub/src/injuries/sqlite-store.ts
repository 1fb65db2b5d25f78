import { decodeCursor, pageOf } from '../paging.ts';
import type { Db } from '../sqlite/open-database.ts';
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
import type { AccessEntry, Enterprise, InjuryCase } from './schema.ts';
import {
  ACCESS_LIST,
  type AreaRow,
  CLOSED_LIST,
  type InjuryStore,
  type NewActivity,
  QUEUE_LIST,
  type StoredActivity,
  type StoredCase,
} from './store.ts';

// Cases (`c`) in scope: @district, @city, @province, each NULL for "any".
const SCOPE = `(@district IS NULL OR c.district = @district) AND (@city IS NULL OR coalesce(c.city, '') = @city)
  AND (@province IS NULL OR coalesce(c.province, '') = @province)`;
const scopeParams = (s: { district?: string; city?: string; province?: string }) => ({
  district: s.district ?? null,
  city: s.city ?? null,
  province: s.province ?? null,
});

const ENTERPRISE_COLUMNS = `enterprise_id AS enterpriseId, name, industry, district, created_at AS createdAt,
  created_by AS createdBy`;

type Row = Parameters<typeof toCase>[0];

export function sqliteInjuryStore(db: Db): InjuryStore {
  const placeholders = CASE_COLUMN_NAMES.map(() => '?').join(', ');
  const insertCase = db.prepare(
    `INSERT OR IGNORE INTO injury_cases (${CASE_COLUMN_NAMES.join(', ')}, personal) VALUES (${placeholders}, ?)`,
  );
  const updateCase = db.prepare(
    `UPDATE injury_cases SET ${CASE_COLUMN_NAMES.filter((c) => c !== 'case_id')
      .map((c) => `${c} = ?`)
      .join(', ')} WHERE case_id = ? AND version = ?`,
  );
  const append = db.prepare(
    `INSERT INTO injury_activity (case_id, seq, at, actor, action, details, note) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const get = db.prepare<[string], Row & { personal: Uint8Array | null }>(
    `SELECT ${CASE_COLUMNS}, c.personal FROM injury_cases c WHERE c.case_id = ?`,
  );
  const activity = db.prepare<[string], Omit<StoredActivity, 'details'> & { details: string }>(
    `SELECT case_id AS caseId, seq, at, actor, action, details, note FROM injury_activity WHERE case_id = ?
     ORDER BY seq`,
  );
  const queue = db.prepare<Record<string, unknown>, Row & { rank: number; day: string }>(
    `SELECT * FROM (SELECT ${CASE_COLUMNS}, ${queueRank('@today')} AS rank, ${QUEUE_DAY} AS day
       FROM injury_cases c WHERE c.closed_at IS NULL AND ${SCOPE})
     WHERE @afterRank IS NULL OR (rank, day, caseId) > (@afterRank, @afterDay, @afterId)
     ORDER BY rank, day, caseId LIMIT @limit`,
  );
  const closed = db.prepare<Record<string, unknown>, Row>(
    `SELECT ${CASE_COLUMNS} FROM injury_cases c WHERE c.closed_at IS NOT NULL AND ${SCOPE}
       AND (@afterAt IS NULL OR (c.closed_at, c.case_id) < (@afterAt, @afterId))
     ORDER BY c.closed_at DESC, c.case_id DESC LIMIT @limit`,
  );
  const counts = db.prepare<Record<string, unknown>, Parameters<typeof toCountRow>[0]>(
    `SELECT ${COUNT_SELECT} FROM injury_cases c WHERE ${SCOPE} AND c.injured_on BETWEEN @from AND @to ${COUNT_GROUP}`,
  );
  const logAccess = db.prepare(
    'INSERT INTO injury_access_log (at, username, case_id, what) VALUES (@at, @username, @caseId, @what)',
  );
  const accessLog = db.prepare<Record<string, unknown>, AccessEntry>(
    `SELECT id, at, username, case_id AS caseId, what FROM injury_access_log
     WHERE @afterId IS NULL OR id < @afterId ORDER BY id DESC LIMIT @limit`,
  );
  const dueForErasure = db.prepare<[string], { caseId: string; seq: number }>(
    `SELECT c.case_id AS caseId, (SELECT max(a.seq) FROM injury_activity a WHERE a.case_id = c.case_id) + 1 AS seq
     FROM injury_cases c WHERE c.closed_at IS NOT NULL AND c.closed_at < ? AND c.erased_at IS NULL ORDER BY c.case_id`,
  );
  const eraseCase = db.prepare(
    `UPDATE injury_cases SET personal = NULL, place = NULL, erased_at = ?, version = version + 1 WHERE case_id = ?`,
  );
  const eraseNotes = db.prepare('UPDATE injury_activity SET note = NULL WHERE case_id = ? AND note IS NOT NULL');
  const insertEnterprise = db.prepare(
    `INSERT OR IGNORE INTO injury_enterprises (enterprise_id, name, industry, district, created_at, created_by)
     VALUES (@enterpriseId, @name, @industry, @district, @createdAt, @createdBy)`,
  );
  const getEnterprise = db.prepare<[string], Enterprise>(
    `SELECT ${ENTERPRISE_COLUMNS} FROM injury_enterprises WHERE enterprise_id = ?`,
  );
  const enterpriseByName = db.prepare<[string], Enterprise>(
    `SELECT ${ENTERPRISE_COLUMNS} FROM injury_enterprises WHERE name = ?`,
  );
  const enterprises = db.prepare<[number], Enterprise>(
    `SELECT ${ENTERPRISE_COLUMNS} FROM injury_enterprises ORDER BY name, enterprise_id LIMIT ?`,
  );
  const areas = db.prepare<[], AreaRow>(
    `SELECT DISTINCT district, city, province FROM stations WHERE retired_at IS NULL
     ORDER BY coalesce(province, ''), coalesce(city, ''), district LIMIT 1000`,
  );

  const appendEntry = (caseId: string, e: NewActivity) =>
    append.run(caseId, e.seq, e.at, e.actor, e.action, JSON.stringify(e.details), e.note);

  const insertAll = db.transaction((cases: Parameters<InjuryStore['insert']>[0]) => {
    for (const c of cases) {
      if (insertCase.run(...caseValues(c.record, 'integer'), c.personal).changes !== 1) {
        throw new TakenId();
      }
      appendEntry(c.record.caseId, c.first);
    }
  });
  const update = db.transaction((next: InjuryCase, entry: NewActivity) => {
    const [id, ...rest] = caseValues(next, 'integer');
    if (updateCase.run(...rest, id, next.version - 1).changes !== 1) return false;
    appendEntry(next.caseId, entry);
    return true;
  });
  const erase = db.transaction((cutoff: string, at: string) => {
    const due = dueForErasure.all(cutoff);
    for (const { caseId, seq } of due) {
      eraseCase.run(at, caseId);
      eraseNotes.run(caseId);
      appendEntry(caseId, { seq, at, actor: 'hub', action: 'erased', details: {}, note: null });
    }
    return due.map((d) => d.caseId);
  });

  return {
    insert: async (cases) => {
      try {
        insertAll.immediate(cases);
        return true;
      } catch (error) {
        if (error instanceof TakenId) return false;
        throw error;
      }
    },
    get: async (caseId) => {
      const row = get.get(caseId);
      if (!row) return undefined;
      const { personal, ...rest } = row;
      return { ...toCase(rest), personal } satisfies StoredCase;
    },
    update: async (next, entry) => update.immediate(next, entry),
    activity: async (caseId) => activity.all(caseId).map((a) => ({ ...a, details: JSON.parse(a.details) })),
    queue: async (scope, today, page) => {
      const after = page.before ? decodeCursor(QUEUE_LIST, page.before, ['number', 'string', 'string']) : undefined;
      const rows = queue.all({
        ...scopeParams(scope),
        today,
        afterRank: after?.[0] ?? null,
        afterDay: after?.[1] ?? null,
        afterId: after?.[2] ?? null,
        limit: page.limit + 1,
      });
      const ranked = rows.map(({ rank, day, ...row }) => ({ record: toCase(row), rank, day }));
      const paged = pageOf(QUEUE_LIST, ranked, page.limit, (r) => [r.rank, r.day, r.record.caseId]);
      return { items: paged.items.map((r) => r.record), next: paged.next };
    },
    closed: async (scope, page) => {
      const after = page.before ? decodeCursor(CLOSED_LIST, page.before, ['string', 'string']) : undefined;
      const rows = closed.all({
        ...scopeParams(scope),
        afterAt: after?.[0] ?? null,
        afterId: after?.[1] ?? null,
        limit: page.limit + 1,
      });
      return pageOf(CLOSED_LIST, rows.map(toCase), page.limit, (c) => [c.closedAt!, c.caseId]);
    },
    counts: async (scope, from, to) => counts.all({ ...scopeParams(scope), from, to }).map(toCountRow),
    logAccess: async (entry) => {
      logAccess.run(entry);
    },
    accessLog: async (page) => {
      const after = page.before ? decodeCursor(ACCESS_LIST, page.before, ['number']) : undefined;
      const rows = accessLog.all({ afterId: after?.[0] ?? null, limit: page.limit + 1 });
      return pageOf(ACCESS_LIST, rows, page.limit, (e) => [e.id]);
    },
    eraseClosedBefore: async (cutoff, at) => erase.immediate(cutoff, at),
    insertEnterprise: async (e) => insertEnterprise.run(e).changes === 1,
    getEnterprise: async (id) => getEnterprise.get(id),
    enterpriseByName: async (name) => enterpriseByName.get(name),
    enterprises: async (limit) => enterprises.all(limit),
    areas: async () => areas.all(),
  };
}

/** A case id already taken: the whole insert is rolled back. */
class TakenId extends Error {}

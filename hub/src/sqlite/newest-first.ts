import { type CursorKey, decodeCursor, type Page, type PageRequest, pageOf } from '../paging.ts';
import type { StationScope } from '../scope.ts';
import type { Db } from './open-database.ts';

/** What a history list (alarms, feedback cases) is narrowed by, besides a condition of its own. */
export interface HistoryFilter extends StationScope {
  /** Rows timed in [fromIso, toIso); either bound optional. */
  fromIso?: string;
  toIso?: string;
}

interface History<Row> {
  /** The list's name, which its cursors carry. */
  list: string;
  columns: string;
  /** The history's table and alias, e.g. `alarms a`. */
  table: string;
  /** Its keyset order, newest first: the time column, the station column, the row's own id. */
  key: readonly [time: string, station: string, id: string];
  keyOf: (row: Row) => CursorKey;
}

/**
 * Keyset pages of a history, newest first, joined to its stations as `s`. There is one statement per shape
 * of query, prepared on first use: each condition is written only when it is given, so SQLite seeks an
 * index for the range, the cursor, the station or the caller's condition (a status), instead of testing
 * every row of the history against "NULL or …" placeholders. The history drives the join (CROSS JOIN fixes
 * the order in SQLite): a district's rows are met on the way down the time index, never gathered and sorted.
 */
export function newestFirst<Row>(db: Db, history: History<Row>) {
  const [time, station] = history.key;
  const order = history.key.map((column) => `${column} DESC`).join(', ');
  const prepare = (where: string) =>
    db.prepare<Record<string, unknown>, Row>(
      `SELECT ${history.columns} FROM ${history.table} CROSS JOIN stations s ON s.id = ${station}
       WHERE ${where} ORDER BY ${order} LIMIT @limit`,
    );
  const statements = new Map<string, ReturnType<typeof prepare>>();

  return (filter: HistoryFilter, condition: string | undefined, page: PageRequest): Page<Row> => {
    const after = page.before ? decodeCursor(history.list, page.before, ['string', 'string', 'string']) : undefined;
    const where =
      [
        filter.district !== undefined && 's.district = @district',
        filter.city !== undefined && "coalesce(s.city, '') = @city",
        filter.province !== undefined && "coalesce(s.province, '') = @province",
        filter.stationId !== undefined && `${station} = @station`,
        filter.fromIso !== undefined && `${time} >= @fromIso`,
        filter.toIso !== undefined && `${time} < @toIso`,
        condition,
        after && `(${history.key.join(', ')}) < (@afterTime, @afterStation, @afterId)`,
      ]
        .filter(Boolean)
        .join(' AND ') || 'TRUE';
    let statement = statements.get(where);
    if (!statement) {
      statement = prepare(where);
      statements.set(where, statement);
    }
    const [afterTime, afterStation, afterId] = after ?? [];
    const rows = statement.all({
      district: filter.district,
      city: filter.city,
      province: filter.province,
      station: filter.stationId,
      fromIso: filter.fromIso,
      toIso: filter.toIso,
      afterTime,
      afterStation,
      afterId,
      limit: page.limit + 1,
    });
    return pageOf(history.list, rows, page.limit, history.keyOf);
  };
}

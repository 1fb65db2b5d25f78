/**
 * A list of injured workers from the labour bureau or an enterprise, as CSV. Every row is checked before
 * anything is stored: one bad row and nothing is imported, and each bad row is named with its line and field.
 * Columns are found by their header, in Chinese or English; columns the hub does not know (an ID-card number)
 * are ignored and never stored.
 */
import type { InputIssue } from '../errors.ts';
import type { Choice, InjuriesConfig } from './config.ts';
import { type CaseFields, checkFields, type IntakeFacts } from './intake.ts';
import { type HELP_KINDS, importedRow, type OFFICE_SOURCES } from './schema.ts';

export const MAX_IMPORT_ROWS = 5000;

type Field = keyof CaseFields | 'foundThrough';

/** Header words for each field (compared without spaces, case-insensitively). */
const HEADERS: Record<Field, readonly string[]> = {
  name: ['姓名', 'name'],
  phone: ['电话', '手机', '联系电话', '手机号', 'phone'],
  enterpriseId: ['企业编号', 'enterpriseid'],
  enterpriseName: ['企业', '单位', '企业名称', '用人单位', 'enterprise'],
  industry: ['行业', 'industry'],
  post: ['岗位', '工种', 'post'],
  cause: ['原因', '受伤原因', 'cause'],
  injuredOn: ['受伤日期', '日期', 'injuredon', 'injured_on', 'date'],
  place: ['地点', '受伤地点', 'place'],
  district: ['区', '所在区', '区县', 'district'],
  hospital: ['医院', '就诊医院', 'hospital'],
  injury: ['伤情', 'injury'],
  help: ['需要的帮助', '帮助', 'help'],
  helpNote: ['帮助说明', 'helpnote'],
  foundThrough: ['来源', 'source', 'foundthrough'],
};
const REQUIRED: readonly Field[] = ['name', 'phone', 'industry', 'post', 'cause', 'injuredOn', 'place', 'district'];

const HELP_WORDS: Record<string, (typeof HELP_KINDS)[number]> = {
  慰问: 'condolence',
  法律援助: 'legal-aid',
  互助保障: 'mutual-aid',
  工伤认定: 'injury-recognition',
  困难帮扶: 'hardship',
  其他: 'other',
};
const SOURCE_WORDS: Record<string, (typeof OFFICE_SOURCES)[number]> = {
  企业: 'enterprise',
  人社部门: 'labour-bureau',
  劳动保障部门: 'labour-bureau',
  人社局: 'labour-bureau',
  其他: 'other',
};

/** RFC 4180: quoted cells may hold commas, quotes ("") and line breaks; a leading BOM is dropped. */
export function parseCsv(text: string): string[][] | { error: string } {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      line++;
    } else cell += ch;
  }
  if (quoted) return { error: `line ${quoteLine}: a quoted cell is never closed` };
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  // Blank lines (a trailing newline, spreadsheet padding) are not rows.
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

const plain = (word: string) => word.replace(/\s/g, '').toLowerCase();

/** A list's id from its id, its Chinese or its English word. */
function choiceOf(list: readonly Choice[], value: string): string {
  const v = plain(value);
  return list.find((c) => c.id === v || plain(c.zh) === v || plain(c.en) === v)?.id ?? value.trim();
}

/** 2026-11-03, 2026/11/3 and 2026.11.3 as YYYY-MM-DD; anything else as typed (and refused). */
function dayOf(value: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(value.trim());
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : value.trim();
}

export interface ImportedCase extends CaseFields {
  foundThrough: (typeof OFFICE_SOURCES)[number];
  /** The line of the file it came from. */
  line: number;
}

export type ImportCheck = { ok: true; rows: ImportedCase[] } | { ok: false; issues: InputIssue[] };

/** Which column holds each field the hub knows, and the required fields no column holds. */
export function headerMap(header: readonly string[]): { columns: Map<Field, number>; missing: Field[] } {
  const columns = new Map<Field, number>();
  header.forEach((word, index) => {
    const field = (Object.keys(HEADERS) as Field[]).find((f) => HEADERS[f].some((h) => plain(h) === plain(word)));
    if (field && !columns.has(field)) columns.set(field, index);
  });
  return { columns, missing: REQUIRED.filter((f) => !columns.has(f)) };
}

const fieldLabel = (f: Field) => `${HEADERS[f][0]} ${f}`;

/** The rows as the fields' schema reads them (values mapped from words to ids), before any check. */
export function rowsOf(table: string[][], defaultSource: (typeof OFFICE_SOURCES)[number], config: InjuriesConfig) {
  const { columns } = headerMap(table[0] ?? []);
  return table.slice(1).map((cells) => {
    const get = (f: Field) => {
      const index = columns.get(f);
      const value = index === undefined ? '' : (cells[index] ?? '').trim();
      return value === '' ? undefined : value;
    };
    const help = get('help');
    const source = get('foundThrough');
    return {
      name: get('name'),
      phone: get('phone'),
      enterpriseId: get('enterpriseId'),
      enterpriseName: get('enterpriseName'),
      industry: choiceOf(config.industries, get('industry') ?? ''),
      post: choiceOf(config.posts, get('post') ?? ''),
      cause: choiceOf(config.causes, get('cause') ?? ''),
      injuredOn: dayOf(get('injuredOn') ?? ''),
      place: get('place'),
      district: get('district'),
      hospital: get('hospital'),
      injury: get('injury'),
      help: help
        ? help
            .split(/[;；,，、]/)
            .map((h) => h.trim())
            .filter(Boolean)
            .map((h) => HELP_WORDS[h] ?? h)
        : [],
      helpNote: get('helpNote'),
      foundThrough: source ? (SOURCE_WORDS[source] ?? source) : defaultSource,
    };
  });
}

/** Checks a parsed file whole: the header, then every row; the rows only when none is bad. */
export function checkImport(
  table: string[][],
  defaultSource: (typeof OFFICE_SOURCES)[number],
  config: InjuriesConfig,
  facts: IntakeFacts,
): ImportCheck {
  if (table.length < 2)
    return { ok: false, issues: [{ path: 'csv', message: '文件中没有数据行 · the file has no rows' }] };
  if (table.length - 1 > MAX_IMPORT_ROWS) {
    return {
      ok: false,
      issues: [{ path: 'csv', message: `最多 ${MAX_IMPORT_ROWS} 行 · at most ${MAX_IMPORT_ROWS} rows` }],
    };
  }
  const { missing } = headerMap(table[0]!);
  if (missing.length > 0) {
    return {
      ok: false,
      issues: missing.map((f) => ({ path: 'line 1', message: `缺少列 · missing column: ${fieldLabel(f)}` })),
    };
  }
  const issues: InputIssue[] = [];
  const rows: ImportedCase[] = [];
  rowsOf(table, defaultSource, config).forEach((raw, index) => {
    const line = index + 2;
    const prefix = `line ${line}: `;
    const parsed = importedRow.safeParse(raw);
    // The hub's own checks run on a row its schema refused too, so one pass names every bad field.
    const own = checkFields((parsed.success ? parsed.data : raw) as CaseFields, config, facts, prefix);
    const found = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ path: `${prefix}${i.path.map(String).join('.')}`, message: i.message }));
    const reported = new Set(found.map((i) => i.path));
    const all = [...found, ...own.filter((i) => !reported.has(i.path))];
    if (all.length > 0) issues.push(...all);
    else if (parsed.success) rows.push({ ...parsed.data, line });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, rows };
}

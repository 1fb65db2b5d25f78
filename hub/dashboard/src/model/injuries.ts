/**
 * The injury-visit pages' state: the queue (open cases, overdue first) or the closed ones, one case with its
 * activity, its personal fields once the officer asks (each read logged by the hub), the steps, the import
 * of a list, and the analysis of a period.
 */
import { computed, signal } from '@preact/signals';
import {
  type AccessEntry,
  accessLog,
  type CaseList,
  caseDetail,
  caseList,
  enterprise,
  enterpriseList,
  importResult,
  injuryAnalysis,
  injuryLists,
  personalView,
} from '../../../src/injuries/schema.ts';
import { get, request } from './api.ts';
import { actions, pagedList, pageParams, remote } from './remote.ts';
import { type DayRange, operator, today } from './session.ts';

/** Case officers and admins work cases; a district viewer reads the analysis only. */
export const worksCases = () => operator.value?.role === 'admin' || operator.value?.role === 'case-officer';

export const lists = remote(() => get('/injury-lists', injuryLists));

export const caseState = signal<'open' | 'closed'>('open');
export const queue = pagedList({
  read: (before, limit) => get(`/injuries?state=${caseState.value}&${pageParams(limit, before)}`, caseList),
  itemsOf: (page: CaseList) => page.cases,
  keyOf: (c) => c.caseId,
});

export function showQueue(state: 'open' | 'closed'): void {
  caseState.value = state;
  void queue.load();
  if (!lists.data.value) void lists.load();
  void enterprises.load();
}

const openCase = signal<string | null>(null);
export const detail = remote(() => get(`/injuries/${encodeURIComponent(openCase.value!)}`, caseDetail));
export const personal = remote(() => get(`/injuries/${encodeURIComponent(openCase.value!)}/personal`, personalView));

export function showCase(caseId: string): void {
  if (openCase.value !== caseId) {
    openCase.value = caseId;
    detail.clear();
    personal.clear();
    steps.forget('step');
  }
  void detail.load();
  if (!lists.data.value) void lists.load();
}

/** Asked for explicitly: the hub logs the read before it answers. */
export const revealPersonal = () => personal.load();

export const steps = actions();

/**
 * A workflow step on the version shown; the case is read again after. Personal fields shown are put away
 * rather than read again: each read is logged, and the officer asks again when they need them.
 */
export const runStep = (path: string, body: Record<string, unknown>) =>
  steps.run('step', async () => {
    const shown = detail.data.value!;
    await request('POST', `/injuries/${encodeURIComponent(shown.case.caseId)}/${path}`, caseDetail, {
      version: shown.case.version,
      ...body,
    });
    await detail.load();
    personal.clear();
  });

export const imports = actions();
export const lastImport = signal<{ imported: number } | null>(null);

/** A list from the labour bureau often comes from Excel in GB18030: read as UTF-8 when it is, else as that. */
async function fileText(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export const importList = (file: File, foundThrough: string) =>
  imports.run('import', async () => {
    lastImport.value = null;
    const csv = await fileText(file);
    lastImport.value = await request('POST', '/injury-imports', importResult, {
      filename: file.name,
      csv,
      foundThrough,
    });
    await queue.load();
  });

/** This year up to the hub's today. */
const thisYear = (day: string): DayRange => ({ from: `${day.slice(0, 4)}-01-01`, to: day });
export const analysisRange = signal<DayRange | null>(null);
const rangeQuery = computed(() =>
  analysisRange.value ? `from=${analysisRange.value.from}&to=${analysisRange.value.to}` : '',
);
export const analysis = remote(() => get(`/injury-analysis?${rangeQuery.value}`, injuryAnalysis));
export const analysisCsvHref = computed(() => `/api/v1/injury-analysis/csv?${rangeQuery.value}`);
export const riskNoticeHref = (key: string) =>
  `/api/v1/injury-risk-notices?${rangeQuery.value}&enterprise=${encodeURIComponent(key)}`;

export async function showAnalysis(): Promise<void> {
  if (!lists.data.value) await lists.load();
  analysisRange.value ??= thisYear(lists.data.value?.today ?? today());
  await analysis.load();
}

export function setAnalysisRange(range: DayRange): void {
  analysisRange.value = range;
  void analysis.load();
}

export const enterprises = remote(() => get('/injury-enterprises', enterpriseList));
export const enterpriseActions = actions();

export const addEnterprise = (input: { name: string; industry: string; district?: string }) =>
  enterpriseActions.run('add', async () => {
    await request('POST', '/injury-enterprises', enterprise, input);
    await enterprises.load();
  });

/** A case the office found: entered, then opened on its own page. */
export const enterCase = (input: Record<string, unknown>) =>
  imports.run('enter', async () => {
    const created = await request('POST', '/injuries', caseDetail, input);
    location.hash = `#/injury/${encodeURIComponent(created.case.caseId)}`;
  });

/** Every read of a case's personal fields, newest first (admins). */
export const accessEntries = pagedList({
  read: (before, limit) => get(`/injury-access-log?${pageParams(limit, before)}`, accessLog),
  itemsOf: (page) => page.entries,
  keyOf: (e: AccessEntry) => String(e.id),
});

export const posterHref = (via: string) => `/api/v1/injury-posters?via=${encodeURIComponent(via)}`;

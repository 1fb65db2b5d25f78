/** The agent's REST actions the kiosk takes. Relative URLs: the kiosk is served by its own agent. */
import { errorCodeOf, type FeedbackCategory, type WorkerCategory } from '@yizhan/shared';

/** A refusal carries the agent's `YZ_ERR_…` code (`{ error: { code, message } }`); 0 and no code: no answer. */
export type ActionResult = { ok: true } | { ok: false; status: number; code: string | undefined };

async function post(path: string, body: unknown): Promise<ActionResult> {
  try {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.ok) return { ok: true };
    return { ok: false, status: res.status, code: errorCodeOf(await res.json().catch(() => undefined)) };
  } catch {
    // The agent is unreachable: the screen says "try again", nothing was recorded.
    return { ok: false, status: 0, code: undefined };
  }
}

/** "I'm here": the welcome follows on the live socket, like a scan's. */
export const walkIn = (category: WorkerCategory) => post('./api/visits/walk-in', { category });

/** A report made: the case number the worker finds the office's reply under. */
export type ReportResult = { ok: true; caseNumber: string } | { ok: false; status: number };

export async function reportProblem(category: FeedbackCategory, place: string): Promise<ReportResult> {
  try {
    const res = await fetch('./api/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(place.trim() ? { category, place: place.trim() } : { category }),
    });
    if (!res.ok) return { ok: false, status: res.status };
    const body = (await res.json()) as { caseNumber?: unknown };
    return typeof body.caseNumber === 'string' ? { ok: true, caseNumber: body.caseNumber } : { ok: false, status: 0 };
  } catch {
    return { ok: false, status: 0 };
  }
}

/** The join-the-union QR, drawn by the agent. */
export const JOIN_QR_URL = './api/join-qr.svg';

/** The injury declaration QR (工伤探视 码上申报), drawn by the agent from the hub's bundle. */
export const INJURY_QR_URL = './api/injury-qr.svg';
/** A tap to sign in at a running event that asks for it (counted apart from member-code sign-ins). */
export const signInAt = (eventId: string, category: WorkerCategory) =>
  post(`./api/events/${encodeURIComponent(eventId)}/attend`, { category });

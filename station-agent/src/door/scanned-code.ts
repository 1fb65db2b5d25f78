/** What a scanner sends: the code as UTF-8 text, or JSON `{"code":"…"}` (DESIGN.md, door/scan). */
import { MAX_CODE_LENGTH } from '@yizhan/shared/member-code';

export type ScannedCode = { ok: true; code: string } | { ok: false; reason: 'malformed' | 'oversized' };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function readScannedCode(payload: Buffer | string): ScannedCode {
  // Room for the JSON wrapper around the longest code we accept.
  if (payload.length > MAX_CODE_LENGTH + 64) return { ok: false, reason: 'oversized' };
  let text: string;
  try {
    text = typeof payload === 'string' ? payload : utf8.decode(payload);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  text = text.trim();
  if (text.startsWith('{')) {
    try {
      const json: unknown = JSON.parse(text);
      const code = (json as { code?: unknown }).code;
      // A blank code inside the wrapper is as malformed as a blank scan.
      return typeof code === 'string' && code.trim().length > 0
        ? { ok: true, code: code.trim() }
        : { ok: false, reason: 'malformed' };
    } catch {
      return { ok: false, reason: 'malformed' };
    }
  }
  return text.length > 0 ? { ok: true, code: text } : { ok: false, reason: 'malformed' };
}

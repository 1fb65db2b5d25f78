/**
 * The hub's few server-rendered pages for a worker's phone (the member page, the door's phone page): one look,
 * made for WeChat's browser and any phone: text of at least 18 px, Chinese first with English apart beneath it,
 * no framework, one nonce'd inline script at most.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Chinese, and the English apart beneath it. */
export function bilingual(zh: string, en: string, tag = 'p', className = ''): string {
  const cls = className ? ` class="${className}"` : '';
  return `<${tag}${cls}><span class="zh">${escapeHtml(zh)}</span><span class="en" lang="en">${escapeHtml(en)}</span></${tag}>`;
}

export const PHONE_STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; font-family: system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif; font-size: 18px;
         line-height: 1.5; background: #b71c1c; color: #fff; display: flex; flex-direction: column;
         align-items: center; min-height: 100vh; -webkit-text-size-adjust: 100%; }
  header { padding: 20px 16px 4px; text-align: center; }
  h1 { font-size: 26px; margin: 0; line-height: 1.3; }
  .zh, .en { display: block; }
  .en { font-size: 18px; opacity: .9; }
  h1 .en { font-size: 19px; font-weight: 500; }
  main { background: #fff; color: #222; border-radius: 16px; margin: 12px; padding: 18px; width: min(92vw, 420px);
         text-align: center; }
  main .en { color: #444; opacity: 1; }
  .station { font-size: 20px; font-weight: 600; margin: 0 0 8px; }
  .big { font-size: 30px; font-weight: 700; margin: 8px 0; }
  .big .en { font-size: 20px; }
  .ok { color: #1b5e20; }
  .bad { color: #b71c1c; }
  .hint { font-size: 18px; color: #444; margin: 12px 0 0; }
  button, .button { font: inherit; font-size: 20px; min-height: 56px; border-radius: 12px; border: 2px solid #b71c1c;
         background: #fff; color: #b71c1c; padding: 8px 12px; width: 100%; margin: 6px 0; cursor: pointer; }
  button.primary { background: #b71c1c; color: #fff; }
  button[aria-pressed="true"] { background: #b71c1c; color: #fff; }
  button .en { font-size: 18px; }
  button.primary .en, button[aria-pressed="true"] .en { color: #fff; }
  button:disabled { opacity: .45; }
  .mark { width: 96px; height: 96px; margin: 8px auto 0; border-radius: 50%; font-size: 60px; line-height: 96px;
          font-weight: 800; color: #fff; }
  .mark.ok { background: #2e7d32; }
  .mark.bad { background: #b71c1c; }
  .categories { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; margin: 8px 0 12px; }
  .categories button { margin: 0; }
  .consent { text-align: left; font-size: 18px; background: #fdf3f3; border-radius: 10px; padding: 10px 12px; }
  .consent ul { margin: 6px 0; padding-left: 1.2em; }
  label.agree { display: flex; gap: 10px; align-items: flex-start; text-align: left; margin: 12px 0; }
  label.agree input { width: 28px; height: 28px; flex: none; margin-top: 2px; }
  .qr svg { width: 100%; height: auto; display: block; }
  .qr.stale { opacity: .25; }
  #status { min-height: 3em; margin: 4px 0; }
  #status.bad { color: #b71c1c; font-weight: 600; }
  footer { font-size: 18px; padding: 8px 16px 28px; text-align: center; max-width: 440px; }
  [hidden] { display: none !important; }
`;

export interface PageParts {
  title: string;
  body: string;
  /** An inline script, allowed by a nonce of its own. */
  script?: string;
}

/** A whole page with its own CSP: inline styles, data: images (QR codes), one nonce'd script, and this hub. */
export function sendPhonePage(reply: FastifyReply, status: number, parts: PageParts) {
  const nonce = randomBytes(16).toString('base64');
  const script = parts.script ? `<script nonce="${nonce}">${parts.script}</script>` : '';
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="format-detection" content="telephone=no">
<title>${escapeHtml(parts.title)}</title>
<style>${PHONE_STYLE}</style></head>
<body>
${parts.body}
${script}
</body></html>`;
  return reply
    .status(status)
    .header(
      'content-security-policy',
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    )
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(html);
}

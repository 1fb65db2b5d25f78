/**
 * `/m/<link token>`: the page a registered worker opens on the phone at the door. It shows a live member
 * code as a QR and fetches a fresh one before the current one expires (what a member app would do).
 * Server-side HTML with one small inline script; the link token is the worker's only credential here.
 */

import { randomBytes } from 'node:crypto';
import { CATEGORY_LABELS } from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { HubError } from '../errors.ts';
import { tokenHash } from '../http/secret-token.ts';
import type { HubStore } from '../store.ts';
import { MEMBER_LINK_PREFIX } from './admin.ts';
import { takeOrRefuse } from './code-routes.ts';
import { createIssueRate } from './issue-rate.ts';
import { issueCodeForPseudonym } from './member-codes.ts';
import { liveCode } from './schema.ts';

/** A new code this long before the old one expires, so a scan never meets a code in its last seconds. */
export const RENEW_BEFORE_EXPIRY_SECONDS = 30;
const LIFETIME_SECONDS = 120;

const linkParams = z.object({ token: z.string().regex(new RegExp(`^${MEMBER_LINK_PREFIX}[A-Za-z0-9_-]{43}$`)) });

export function memberPageRoutes(deps: {
  store: HubStore;
  clock: Clock;
  perLinkPerMinute?: number;
}): FastifyPluginAsync {
  const perLink = createIssueRate({ perMinute: deps.perLinkPerMinute ?? 10 });

  const findLink = async (token: string) => {
    const link = await deps.store.memberAccess.findLink(tokenHash(token));
    if (!link) throw new HubError('YZ_ERR_NOT_FOUND', 'this member link is not valid');
    return link;
  };

  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/m/:token/code',
      { schema: { params: linkParams, response: { 200: liveCode } } },
      async (request, reply) => {
        const link = await findLink(request.params.token);
        const now = deps.clock();
        takeOrRefuse(perLink, link.member, now, reply);
        const issued = await issueCodeForPseudonym(
          deps.store.memberKeys,
          deps.store.members,
          { sub: link.member, category: link.category, lifetimeSeconds: LIFETIME_SECONDS },
          now,
        );
        const svg = await QRCode.toString(issued.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        const renewAt = new Date(Date.parse(issued.expiresAt) - RENEW_BEFORE_EXPIRY_SECONDS * 1000).toISOString();
        reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
        return { code: issued.code, svg, expiresAt: issued.expiresAt, renewAt };
      },
    );

    api.get('/m/:token', { schema: { params: linkParams } }, async (request, reply) => {
      const link = await deps.store.memberAccess.findLink(tokenHash(request.params.token));
      if (!link) return htmlPage(reply, 404, errorPage('链接无效', 'This link is not valid.'));
      if (await deps.store.members.isRevoked(link.member)) {
        return htmlPage(reply, 403, errorPage('会员码已停用', 'Your member code has been revoked.'));
      }
      const nonce = randomBytes(16).toString('base64');
      reply.header(
        'content-security-policy',
        `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'`,
      );
      const category = CATEGORY_LABELS[link.category];
      return htmlPage(reply, 200, codePage(nonce, `${category.zh} · ${category.en}`));
    });
  };
}

function htmlPage(reply: FastifyReply, status: number, html: string) {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(html);
}

const STYLE = `
  body { margin: 0; font-family: system-ui, "Noto Sans CJK SC", sans-serif; background: #b71c1c; color: #fff;
         display: flex; flex-direction: column; align-items: center; min-height: 100vh; }
  header { padding: 20px 16px 8px; text-align: center; }
  h1 { font-size: 22px; margin: 0; }
  .en { font-size: 14px; opacity: .85; margin-top: 2px; }
  main { background: #fff; color: #222; border-radius: 16px; margin: 12px; padding: 16px; width: min(88vw, 380px);
         box-sizing: border-box; text-align: center; }
  #qr svg { width: 100%; height: auto; display: block; }
  #qr.stale { opacity: .25; }
  .who { font-size: 18px; margin: 8px 0 4px; }
  #status { font-size: 15px; color: #555; min-height: 2.6em; }
  #status.bad { color: #b71c1c; font-weight: 600; }
  footer { font-size: 13px; opacity: .85; padding: 8px 16px 24px; text-align: center; max-width: 420px; }
`;

function codePage(nonce: string, category: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>驿站会员码 · Station member code</title>
<style>${STYLE}</style></head>
<body>
<header><h1>工会驿站 会员码</h1><div class="en">Worker station member code</div></header>
<main>
  <div id="qr" class="stale" role="img" aria-label="会员码二维码 / member code QR"></div>
  <div class="who">${escapeHtml(category)}</div>
  <div id="status" aria-live="polite">正在获取… · Loading…</div>
</main>
<footer>在驿站门口扫码即可进门。会员码自动更新，请勿截图。<br>
Show this at the station door. The code renews itself; a screenshot stops working.</footer>
<script nonce="${nonce}">
(() => {
  const qr = document.getElementById('qr');
  const status = document.getElementById('status');
  const url = location.pathname.replace(/\\/$/, '') + '/code';
  let expiresAt = 0;
  let timer;
  const show = (zh, en, bad) => { status.textContent = zh + ' · ' + en; status.className = bad ? 'bad' : ''; };
  const tick = () => {
    const left = Math.round((expiresAt - Date.now()) / 1000);
    if (left > 0) show('有效 ' + left + ' 秒', 'valid ' + left + ' s', false);
    else { qr.className = 'stale'; show('已过期，正在更新…', 'expired, renewing…', true); }
  };
  const renew = async () => {
    clearTimeout(timer);
    try {
      const res = await fetch(url, { cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
      const body = await res.json();
      qr.innerHTML = body.svg;
      qr.className = '';
      qr.dataset.code = body.code;
      expiresAt = Date.parse(body.expiresAt);
      tick();
      timer = setTimeout(renew, Math.max(1000, Date.parse(body.renewAt) - Date.now()));
    } catch (e) {
      show('无法更新，请检查网络', 'cannot renew: check your connection', true);
      timer = setTimeout(renew, 5000);
    }
  };
  setInterval(() => { if (expiresAt) tick(); }, 1000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden && expiresAt - Date.now() < ${RENEW_BEFORE_EXPIRY_SECONDS * 1000}) renew(); });
  renew();
})();
</script>
</body></html>`;
}

function errorPage(zh: string, en: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(zh)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(zh)}</h1><div class="en">${escapeHtml(en)}</div></header>
<footer>请联系所在工会 · Please contact your union.</footer></body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

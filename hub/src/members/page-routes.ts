/**
 * `/m/<link token>`: the page a registered worker opens on the phone at the door. It shows a live member
 * code as a QR and fetches a fresh one before the current one expires (what a member app would do).
 * Server-side HTML with one small inline script; the link token is the worker's only credential here.
 */

import { CATEGORY_LABELS } from '@yizhan/shared';
import type { ZodTypeProvider } from '@yizhan/shared/http';
import type { FastifyPluginAsync } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { HubError } from '../errors.ts';
import { bilingual, sendPhonePage } from '../http/html-page.ts';
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

    // Any path under /m/ is a worker's page: a mistyped or stopped link gets a page that says so, never JSON.
    api.get('/m/:token', { schema: { params: z.object({ token: z.string().max(200) }) } }, async (request, reply) => {
      const { token } = request.params;
      const link = linkParams.safeParse({ token }).success
        ? await deps.store.memberAccess.findLink(tokenHash(token))
        : undefined;
      if (!link) {
        return sendPhonePage(reply, 404, {
          title: '链接无效 · Link not valid',
          body: errorBody(
            ['链接无效或已停用', 'This link is not valid, or has been stopped'],
            [
              '请检查链接是否完整，或联系所在工会重新获取。',
              'Check that the link is complete, or ask your union for a new one.',
            ],
          ),
        });
      }
      if (await deps.store.members.isRevoked(link.member)) {
        return sendPhonePage(reply, 403, {
          title: '会员码已停用 · Member code stopped',
          body: errorBody(
            ['会员码已停用', 'Your member code has been stopped'],
            ['请联系所在工会。', 'Please contact your union.'],
          ),
        });
      }
      const category = CATEGORY_LABELS[link.category];
      return sendPhonePage(reply, 200, {
        title: '驿站会员码 · Station member code',
        body: codePageBody(category),
        script: codePageScript(),
      });
    });
  };
}

function errorBody(title: [string, string], todo: [string, string]): string {
  return `<header>${bilingual(title[0], title[1], 'h1')}</header>
<main data-testid="member-page-error">${bilingual(todo[0], todo[1])}</main>
<footer>${bilingual('工会驿站', 'Union worker stations')}</footer>`;
}

function codePageBody(category: { zh: string; en: string }): string {
  return `<header>${bilingual('工会驿站 会员码', 'Worker station member code', 'h1')}</header>
<main>
  <div id="qr" class="qr stale" role="img" aria-label="会员码二维码 / member code QR"></div>
  ${bilingual(category.zh, category.en, 'p', 'who station')}
  <p id="status" aria-live="polite"><span class="zh">正在获取…</span><span class="en" lang="en">Loading…</span></p>
  ${bilingual('请把屏幕亮度调到最高，扫码器更容易读到。', 'Turn your screen brightness up: the scanner reads it more easily.', 'p', 'hint')}
  <button type="button" id="join">${bilingual('在这部手机上扫码进站', 'Use this phone to scan the door QR', 'span')}</button>
  <p id="joined" class="hint" hidden>${bilingual('已关联：以后扫门口的二维码就能进门。', 'Linked: scan the QR at the door to get in from now on.', 'span')}</p>
</main>
<footer>${bilingual('在驿站门口把会员码对准扫码器即可进门。会员码自动更新，截图无效。', 'Hold this to the scanner at the station door. The code renews itself; a screenshot stops working.')}</footer>`;
}

function codePageScript(): string {
  return `
(() => {
  const qr = document.getElementById('qr');
  const status = document.getElementById('status');
  const token = location.pathname.replace(/\\/$/, '').split('/').pop();
  const url = '/m/' + token + '/code';
  let expiresAt = 0;
  let timer;
  const show = (zh, en, bad) => {
    status.children[0].textContent = zh;
    status.children[1].textContent = en;
    status.className = bad ? 'bad' : '';
  };
  const tick = () => {
    const left = Math.round((expiresAt - Date.now()) / 1000);
    if (left > 0) show('有效 ' + left + ' 秒', 'Valid for ' + left + ' s', false);
    else { qr.className = 'qr stale'; show('已过期，正在更新…', 'Expired, renewing…', true); }
  };
  const renew = async () => {
    clearTimeout(timer);
    try {
      const res = await fetch(url, { cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
      const body = await res.json();
      qr.innerHTML = body.svg;
      qr.className = 'qr';
      qr.dataset.code = body.code;
      expiresAt = Date.parse(body.expiresAt);
      tick();
      timer = setTimeout(renew, Math.max(1000, Date.parse(body.renewAt) - Date.now()));
    } catch (e) {
      show('无法更新，请检查网络', 'Cannot renew: check your connection', true);
      timer = setTimeout(renew, 5000);
    }
  };
  document.getElementById('join').addEventListener('click', async () => {
    const res = await fetch('/api/v1/phone/member/link', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link: token }) });
    if (res.ok) { document.getElementById('join').hidden = true; document.getElementById('joined').hidden = false; }
  });
  setInterval(() => { if (expiresAt) tick(); }, 1000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden && expiresAt - Date.now() < ${RENEW_BEFORE_EXPIRY_SECONDS * 1000}) renew(); });
  renew();
})();
`;
}

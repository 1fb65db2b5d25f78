/**
 * The page a worker's phone opens from the door QR (`/d?c=<code>`). First visit: the worker's occupation (the six
 * categories) and consent (what is kept, why, for how long: docs/privacy.md); then, and on every later visit at
 * once, it posts the admission and says "门已打开" or why not. When the station cannot be reached it shows the
 * worker's member code, to hold to the door scanner instead (the offline path). Made for WeChat's browser.
 */
import { CATEGORY_LABELS, WORKER_CATEGORIES, type WorkerCategory } from '@yizhan/shared';
import { bilingual, escapeHtml } from '../http/html-page.ts';

/** Each refusal: what happened, and what to do, in both languages. */
export const REFUSAL_WORDS: Record<string, { title: [string, string]; todo: [string, string] }> = {
  'invalid-code': {
    title: ['这不是有效的驿站二维码', 'This is not a valid station code'],
    todo: ['请扫描驿站门口屏幕上的二维码。', 'Scan the code on the screen at the station door.'],
  },
  expired: {
    title: ['二维码已过期', 'This code has expired'],
    todo: ['请重新扫描门口屏幕上的二维码。', 'Scan the code at the door again.'],
  },
  used: {
    title: ['这个二维码您已经用过了', 'You have used this code already'],
    todo: ['二维码每 30 秒更新，请稍后重新扫码。', 'The code changes every 30 s: scan it again then.'],
  },
  revoked: {
    title: ['您的会员资格已停用', 'Your membership has been stopped'],
    todo: ['请联系所在工会。', 'Please contact your union.'],
  },
  'station-offline': {
    title: ['驿站暂时连不上', 'The station cannot be reached right now'],
    todo: ['请把下面的会员码对准门口的扫码器。', 'Hold the member code below to the door scanner.'],
  },
  'no-answer': {
    title: ['驿站没有回应', 'The station did not answer'],
    todo: ['请把下面的会员码对准门口的扫码器。', 'Hold the member code below to the door scanner.'],
  },
  refused: {
    title: ['门没有打开', 'The door did not open'],
    todo: ['请联系值班人员。', 'Please ask the attendant.'],
  },
  'too-many': {
    title: ['操作太频繁', 'Too many tries'],
    todo: ['请稍等一分钟再试。', 'Please wait a minute and try again.'],
  },
  network: {
    title: ['网络不通', 'No connection'],
    todo: ['请检查手机网络后重试。', 'Check your phone’s connection and try again.'],
  },
};

/** Embeds a value in the page's script: JSON with `<` escaped, so no text can close the script. */
const scriptValue = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function doorPageBody(station: { name: string } | undefined, registered: WorkerCategory | undefined): string {
  const categoryButtons = WORKER_CATEGORIES.map((c) => {
    const { zh, en } = CATEGORY_LABELS[c];
    return `<button type="button" data-category="${c}" aria-pressed="false"><span class="zh">${zh}</span><span class="en" lang="en">${en}</span></button>`;
  }).join('');
  const stationLine = station ? `<p class="station" lang="zh-CN">${escapeHtml(station.name)}</p>` : '';
  return `<header>${bilingual('工会驿站 · 扫码进站', 'Worker station: scan to enter', 'h1')}</header>
<main>
  ${stationLine}
  <section id="register" ${registered ? 'hidden' : ''}>
    ${bilingual('第一次来？请选择您的职业', 'First time? Choose your work')}
    <div class="categories" role="group" aria-label="职业 / Work">${categoryButtons}</div>
    <div class="consent">
      ${bilingual('我们保存什么、为什么、保存多久', 'What we keep, why, and for how long', 'p')}
      <ul>
        <li>${bilingual('一个随机的会员编号和您选择的职业，不要姓名和电话。', 'A random member number and the work you chose: no name, no phone number.', 'span')}</li>
        <li>${bilingual('用于开门和统计驿站服务了多少人次。', 'To open the door and count how many people the station served.', 'span')}</li>
        <li>${bilingual('本手机记住您 400 天；到访记录在驿站保存 90 天。', 'This phone remembers you for 400 days; the station keeps visits for 90 days.', 'span')}</li>
      </ul>
    </div>
    <label class="agree"><input type="checkbox" id="agree"><span>${bilingual('我同意以上内容', 'I agree to the above', 'span')}</span></label>
    <button type="button" class="primary" id="go" disabled>${bilingual('同意并开门', 'Agree and open the door', 'span')}</button>
  </section>
  <section id="opening" ${registered ? '' : 'hidden'} aria-live="polite">
    ${bilingual('正在开门…', 'Opening the door…', 'p', 'big')}
  </section>
  <section id="result" hidden aria-live="assertive" data-testid="phone-result">
    <div id="result-mark" class="mark" aria-hidden="true"></div>
    <div id="result-title" class="big"></div>
    <p id="result-todo" class="hint"></p>
    <div id="scanner" hidden>
      <div id="scanner-qr" class="qr" role="img" aria-label="会员码二维码 / member code QR"></div>
      ${bilingual('请把屏幕亮度调到最高。', 'Turn your screen brightness up.', 'p', 'hint')}
    </div>
    <button type="button" id="again" hidden>${bilingual('再试一次', 'Try again', 'span')}</button>
  </section>
  <noscript>${bilingual('请在微信或手机浏览器中打开此页。', 'Open this page in WeChat or your phone’s browser.')}</noscript>
</main>
<footer>${bilingual('没有手机网络也能进门：请把会员码给门口扫码器扫。', 'No signal? Show your member code to the door scanner.')}</footer>`;
}

export function doorPageScript(code: string, registered: boolean): string {
  return `
(() => {
  const code = ${scriptValue(code)};
  const words = ${scriptValue(REFUSAL_WORDS)};
  const $ = (id) => document.getElementById(id);
  const show = (id) => { for (const s of ['register', 'opening', 'result']) $(s).hidden = s !== id; };
  const both = (el, pair) => {
    el.textContent = '';
    pair.forEach((text, i) => {
      const span = document.createElement('span');
      span.className = i === 0 ? 'zh' : 'en';
      if (i === 1) span.lang = 'en';
      span.textContent = text;
      el.appendChild(span);
    });
  };
  let category = null;
  const update = () => { $('go').disabled = !(category && $('agree').checked); };
  document.querySelectorAll('[data-category]').forEach((b) => {
    b.addEventListener('click', () => {
      category = b.dataset.category;
      document.querySelectorAll('[data-category]').forEach((o) => o.setAttribute('aria-pressed', String(o === b)));
      update();
    });
  });
  $('agree').addEventListener('change', update);
  const post = (url, body) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
  const render = (answer) => {
    show('result');
    const result = $('result');
    result.dataset.ok = String(answer.ok);
    result.dataset.reason = answer.ok ? '' : answer.reason;
    if (answer.ok) {
      $('result-mark').className = 'mark ok';
      $('result-mark').textContent = '✓';
      $('result-title').className = 'big ok';
      both($('result-title'), answer.direction === 'out' ? ['再见，一路平安', 'Goodbye, take care'] : ['门已打开', 'The door is open']);
      both($('result-todo'), ['欢迎来到驿站，请进。', 'Welcome to the station: come in.']);
      $('scanner').hidden = true;
      $('again').hidden = true;
      return;
    }
    const w = words[answer.reason] || words.refused;
    $('result-mark').className = 'mark bad';
    $('result-mark').textContent = '!';
    $('result-title').className = 'big bad';
    both($('result-title'), w.title);
    both($('result-todo'), w.todo);
    $('again').hidden = !['no-answer', 'network', 'too-many', 'refused'].includes(answer.reason);
    if (answer.memberCode) {
      $('scanner').hidden = false;
      $('scanner-qr').innerHTML = answer.memberCode.svg;
      $('scanner-qr').dataset.code = answer.memberCode.code;
    } else $('scanner').hidden = true;
  };
  const admit = async () => {
    show('opening');
    try {
      const res = await post('/api/v1/phone/admissions', { code });
      const body = await res.json();
      if (res.status === 429) render({ ok: false, reason: 'too-many' });
      else if (typeof body.ok === 'boolean') render(body);
      else if (res.status === 401) show('register');
      else render({ ok: false, reason: 'invalid-code' });
    } catch (e) {
      render({ ok: false, reason: 'network' });
    }
  };
  $('go').addEventListener('click', async () => {
    $('go').disabled = true;
    try {
      const res = await post('/api/v1/phone/member', { category, consent: true });
      if (res.status === 429) { render({ ok: false, reason: 'too-many' }); return; }
      if (!res.ok) throw new Error(String(res.status));
      await admit();
    } catch (e) {
      render({ ok: false, reason: 'network' });
    } finally { update(); }
  });
  $('again').addEventListener('click', admit);
  if (${registered ? 'true' : 'false'}) admit();
})();
`;
}

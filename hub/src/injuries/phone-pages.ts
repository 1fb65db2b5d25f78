/**
 * The phone pages (码上申报): server-rendered HTML with one small inline script each, Chinese first with
 * English beside it. The declaration page posts JSON to `/api/v1/injury-declarations` and shows each refused
 * field under its input; the look-up page reads a case's steps by its number.
 */
import { escapeHtml } from '../http/html-page.ts';
import type { Choice } from './config.ts';
import { HELP_KINDS } from './schema.ts';

export interface PageChoices {
  causes: readonly Choice[];
  industries: readonly Choice[];
  posts: readonly Choice[];
  districts: readonly string[];
  enterprises: readonly string[];
}

export interface PagePreset {
  via: string | null;
  district: string | undefined;
  enterprise: string | undefined;
  today: string;
}

const HELP_WORDS: Record<(typeof HELP_KINDS)[number], [string, string]> = {
  condolence: ['看望慰问', 'A visit'],
  'legal-aid': ['法律援助', 'Legal aid'],
  'mutual-aid': ['互助保障', 'Mutual-aid cover'],
  'injury-recognition': ['工伤认定指导', 'Help with injury recognition'],
  hardship: ['困难帮扶', 'Hardship support'],
  other: ['其他', 'Other'],
};

const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; font-family: system-ui, "Noto Sans CJK SC", sans-serif; background: #f4f1ee; color: #222;
         font-size: 16px; line-height: 1.45; }
  header { background: #b71c1c; color: #fff; padding: 18px 16px 14px; }
  h1 { font-size: 22px; margin: 0; }
  .en { font-size: 13px; opacity: .85; font-weight: normal; }
  header p { margin: 6px 0 0; font-size: 14px; }
  main { padding: 12px; max-width: 520px; margin: 0 auto; }
  fieldset { border: 0; background: #fff; border-radius: 12px; margin: 0 0 12px; padding: 12px 14px; }
  legend { font-weight: 700; font-size: 17px; padding: 0; float: left; width: 100%; margin-bottom: 6px; }
  legend + * { clear: both; }
  label { display: block; margin: 10px 0 0; font-size: 15px; }
  label .en, legend .en { margin-left: 4px; }
  input[type=text], input[type=tel], input[type=date], select, textarea {
    display: block; width: 100%; margin-top: 4px; font: inherit; padding: 9px 10px; border: 1px solid #bbb;
    border-radius: 8px; background: #fff; }
  textarea { min-height: 68px; }
  .choices label { display: flex; align-items: center; gap: 8px; margin: 6px 0; }
  .choices input { width: 20px; height: 20px; }
  .consent { display: flex; gap: 10px; align-items: flex-start; margin: 10px 0; font-size: 14px; }
  .consent input { width: 22px; height: 22px; flex: none; margin-top: 2px; }
  .consent strong { display: block; font-size: 15px; }
  .err { color: #b71c1c; font-size: 14px; margin: 4px 0 0; }
  .err:empty { display: none; }
  .invalid { border-color: #b71c1c !important; background: #fff5f5 !important; }
  button { width: 100%; font: inherit; font-size: 18px; font-weight: 700; padding: 14px; border: 0; border-radius: 10px;
           background: #b71c1c; color: #fff; }
  button[disabled] { opacity: .6; }
  .note { font-size: 13px; color: #555; }
  .receipt { background: #fff; border-radius: 12px; padding: 18px 14px; text-align: center; }
  .case-no { font-size: 30px; font-weight: 700; letter-spacing: 2px; margin: 10px 0; font-family: ui-monospace, monospace; }
  .steps { list-style: none; padding: 0; margin: 12px 0 0; text-align: left; }
  .steps li { padding: 8px 0 8px 28px; position: relative; border-bottom: 1px solid #eee; }
  .steps li::before { content: ""; position: absolute; left: 4px; top: 13px; width: 12px; height: 12px; border-radius: 50%;
                      border: 2px solid #bbb; }
  .steps li.done::before { background: #2e7d32; border-color: #2e7d32; }
  .steps .day { float: right; color: #555; font-size: 14px; }
  a { color: #b71c1c; }
`;

function shell(
  title: string,
  heading: string,
  sub: string,
  intro: string,
  body: string,
  script: string,
  nonce: string,
) {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${STYLE}</style></head>
<body>
<header><h1>${heading} <span class="en">${sub}</span></h1><p>${intro}</p></header>
<main>${body}</main>
<script nonce="${nonce}">${script}</script>
</body></html>`;
}

const options = (list: readonly Choice[]) =>
  list.map((c) => `<option value="${escapeHtml(c.id)}">${escapeHtml(c.zh)} · ${escapeHtml(c.en)}</option>`).join('');

/** A labelled input with the place where its refusal is shown. */
function field(name: string, zh: string, en: string, control: string): string {
  return `<label for="f-${name}">${zh}<span class="en">${en}</span>${control}</label><p class="err" id="err-${name}"></p>`;
}

export function declarationPage(
  nonce: string,
  choices: PageChoices,
  preset: PagePreset,
  eraseAfterMonths = 12,
): string {
  const districts = choices.districts
    .map((d) => `<option value="${escapeHtml(d)}"${d === preset.district ? ' selected' : ''}>${escapeHtml(d)}</option>`)
    .join('');
  const help = HELP_KINDS.map(
    (k) =>
      `<label><input type="checkbox" name="help" value="${k}">${HELP_WORDS[k][0]} <span class="en">${HELP_WORDS[k][1]}</span></label>`,
  ).join('');
  const body = `
<form id="declare" novalidate>
  <input type="hidden" name="via" value="${escapeHtml(preset.via ?? '')}">
  <p class="err" id="err-form" role="alert"></p>
  <fieldset>
    <legend>谁来申报<span class="en">Who is declaring</span></legend>
    <div class="choices" id="f-declarant">
      <label><input type="radio" name="declarant" value="self" checked>受伤职工本人 <span class="en">The injured worker</span></label>
      <label><input type="radio" name="declarant" value="colleague">工友 <span class="en">A colleague</span></label>
      <label><input type="radio" name="declarant" value="enterprise-union">企业工会 <span class="en">The enterprise union</span></label>
    </div>
    <p class="err" id="err-declarant"></p>
    <div id="for-someone" hidden>
      ${field('declarantName', '您的姓名', 'Your name', '<input type="text" id="f-declarantName" name="declarantName" maxlength="50" autocomplete="name">')}
      ${field('declarantPhone', '您的电话', 'Your phone', '<input type="tel" id="f-declarantPhone" name="declarantPhone" inputmode="tel" maxlength="20">')}
    </div>
  </fieldset>
  <fieldset>
    <legend>受伤职工<span class="en">The injured worker</span></legend>
    ${field('name', '姓名', 'Name', '<input type="text" id="f-name" name="name" maxlength="50" required>')}
    ${field('phone', '手机号', 'Phone (to arrange the visit)', '<input type="tel" id="f-phone" name="phone" inputmode="tel" maxlength="20" required>')}
    ${field(
      'enterpriseName',
      '工作单位',
      'Employer',
      `<input type="text" id="f-enterpriseName" name="enterpriseName" list="enterprises" maxlength="100" value="${escapeHtml(preset.enterprise ?? '')}" placeholder="从列表选择或填写 · choose or type">
      <datalist id="enterprises">${choices.enterprises.map((e) => `<option value="${escapeHtml(e)}">`).join('')}</datalist>`,
    )}
    ${field('industry', '行业', 'Industry', `<select id="f-industry" name="industry"><option value="">请选择 · choose</option>${options(choices.industries)}</select>`)}
    ${field('post', '岗位', 'Post', `<select id="f-post" name="post"><option value="">请选择 · choose</option>${options(choices.posts)}</select>`)}
  </fieldset>
  <fieldset>
    <legend>受伤情况<span class="en">The injury</span></legend>
    ${field('injuredOn', '受伤日期', 'Date', `<input type="date" id="f-injuredOn" name="injuredOn" max="${preset.today}">`)}
    ${field('district', '所在区', 'District', `<select id="f-district" name="district"><option value="">请选择 · choose</option>${districts}</select>`)}
    ${field('place', '受伤地点', 'Where it happened', '<input type="text" id="f-place" name="place" maxlength="200" placeholder="如：某某工地三号楼 · e.g. a building site">')}
    ${field('cause', '原因', 'Cause', `<select id="f-cause" name="cause"><option value="">请选择 · choose</option>${options(choices.causes)}</select>`)}
    ${field('hospital', '就诊医院（选填）', 'Hospital (optional)', '<input type="text" id="f-hospital" name="hospital" maxlength="100">')}
    ${field('injury', '伤情（选填）', 'The injury (optional)', '<textarea id="f-injury" name="injury" maxlength="500"></textarea>')}
  </fieldset>
  <fieldset>
    <legend>需要的帮助<span class="en">Help needed</span></legend>
    <div class="choices" id="f-help">${help}</div>
    <p class="err" id="err-help"></p>
    ${field('helpNote', '补充说明（选填）', 'Anything else (optional)', '<textarea id="f-helpNote" name="helpNote" maxlength="500"></textarea>')}
  </fieldset>
  <fieldset>
    <legend>同意<span class="en">Consent</span></legend>
    <label class="consent"><input type="checkbox" id="f-consent.personal" name="consentPersonal">
      <span><strong>同意使用个人信息 <span class="en">Personal information</span></strong>
      工会用姓名、电话和单位联系和探视受伤职工，不公开，也不会发到驿站。结案 ${eraseAfterMonths} 个月后删除，只留下不含姓名的统计。
      <span class="en">The union uses the name, phone and employer to call and visit. Nothing is published or sent to the
      stations. It is deleted ${eraseAfterMonths} months after the case closes; only counts without names are kept.</span></span></label>
    <p class="err" id="err-consent.personal"></p>
    <label class="consent"><input type="checkbox" id="f-consent.sensitive" name="consentSensitive">
      <span><strong>单独同意使用伤情信息 <span class="en">Health details, separately</span></strong>
      受伤和就医情况属于敏感个人信息。只有负责探视的工会工作人员能看到，加密保存，每次查看都有记录，只用于探视和帮扶。
      <span class="en">The injury and treatment are sensitive information. Only the union staff who visit can read them;
      they are kept encrypted, every read is logged, and they are used only for the visit and the help.</span></span></label>
    <p class="err" id="err-consent.sensitive"></p>
  </fieldset>
  <button type="submit" id="submit">提交申报 <span class="en">Send</span></button>
  <p class="note">提交后会得到案件编号，可用它<a href="/injury/lookup">查询进度</a>。 <span class="en">You get a case number to look up its progress.</span></p>
</form>
<section class="receipt" id="receipt" hidden>
  <h2>已收到您的申报 <span class="en">Received</span></h2>
  <p>案件编号 <span class="en">Your case number</span></p>
  <div class="case-no" id="case-no"></div>
  <p>请保存这个编号。工会工作人员会尽快电话联系。<br><span class="en">Keep this number. The union will call you soon.</span></p>
  <p><a id="lookup-link" href="/injury/lookup">查询进度 · Look up progress</a></p>
</section>`;
  const script = `
(() => {
  const form = document.getElementById('declare');
  const someone = document.getElementById('for-someone');
  const formError = document.getElementById('err-form');
  const sync = () => { someone.hidden = form.declarant.value === 'self'; };
  form.addEventListener('change', sync); sync();
  const text = (name) => { const v = (form.elements[name] && form.elements[name].value || '').trim(); return v === '' ? undefined : v; };
  const clear = () => {
    formError.textContent = '';
    for (const e of form.querySelectorAll('.err')) e.textContent = '';
    for (const e of form.querySelectorAll('.invalid')) e.classList.remove('invalid');
  };
  const show = (path, message) => {
    const where = document.getElementById('err-' + path);
    if (!where) { formError.textContent += (formError.textContent ? '；' : '') + message; return false; }
    where.textContent = message;
    const input = document.getElementById('f-' + path);
    if (input) input.classList.add('invalid');
    return true;
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear();
    const declarant = form.declarant.value;
    const body = {
      declarant, name: text('name'), phone: text('phone'), enterpriseName: text('enterpriseName'),
      industry: text('industry'), post: text('post'), cause: text('cause'), injuredOn: text('injuredOn'),
      district: text('district'), place: text('place'), hospital: text('hospital'), injury: text('injury'),
      help: [...form.querySelectorAll('input[name=help]:checked')].map((e) => e.value), helpNote: text('helpNote'),
      via: text('via'),
      consent: { personal: form.elements['consentPersonal'].checked, sensitive: form.elements['consentSensitive'].checked },
    };
    if (declarant !== 'self') { body.declarantName = text('declarantName'); body.declarantPhone = text('declarantPhone'); }
    const button = document.getElementById('submit');
    button.disabled = true;
    try {
      const res = await fetch('/api/v1/injury-declarations', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      const answer = await res.json().catch(() => ({}));
      if (res.status === 201) {
        form.hidden = true;
        document.getElementById('case-no').textContent = answer.caseId;
        document.getElementById('lookup-link').href = '/injury/lookup?case=' + encodeURIComponent(answer.caseId);
        document.getElementById('receipt').hidden = false;
        window.scrollTo(0, 0);
        return;
      }
      const error = answer.error || {};
      const issues = error.issues || [];
      if (issues.length === 0) show('form', error.message || ('提交失败 · not sent (' + res.status + ')'));
      for (const issue of issues) show(issue.path || 'form', issue.message);
      const first = form.querySelector('.err:not(:empty)');
      if (first) first.scrollIntoView({ block: 'center' });
    } catch (e) {
      show('form', '网络连接失败，请稍后再试 · no connection; try again');
    } finally {
      button.disabled = false;
    }
  });
})();`;
  return shell(
    '工伤探视 码上申报 · Injury declaration',
    '工伤探视 码上申报',
    'Injured at work? Tell the union',
    '工会会联系受伤职工，上门探视，帮助申请工伤认定和互助保障。 <span class="en">The union calls, visits and helps with injury recognition and mutual aid.</span>',
    body,
    script,
    nonce,
  );
}

export function lookupPage(nonce: string, caseNumber: string): string {
  const body = `
<form id="lookup" class="receipt">
  <label for="f-case">案件编号 <span class="en">Case number</span>
    <input type="text" id="f-case" name="case" value="${escapeHtml(caseNumber)}" placeholder="GS-XXXX-XXXX" autocapitalize="characters" maxlength="40"></label>
  <p class="err" id="err-case" role="alert"></p>
  <button type="submit">查询 <span class="en">Look up</span></button>
</form>
<section class="receipt" id="status" hidden style="margin-top:12px">
  <div class="case-no" id="status-case"></div>
  <ul class="steps" id="steps"></ul>
</section>`;
  const script = `
(() => {
  const form = document.getElementById('lookup');
  const error = document.getElementById('err-case');
  const STEPS = [
    ['declaredOn', '已受理', 'Received'],
    ['screenedOn', '已审核', 'Checked'],
    ['visitedOn', '已探视', 'Visited'],
    ['followedUpOn', '已回访', 'Called back'],
    ['closedOn', '已结案', 'Closed'],
  ];
  const look = async () => {
    error.textContent = '';
    const typed = form.elements['case'].value.trim();
    if (!typed) { error.textContent = '请输入案件编号 · enter the case number'; return; }
    try {
      const res = await fetch('/api/v1/injury-declarations/' + encodeURIComponent(typed), { cache: 'no-store' });
      const answer = await res.json().catch(() => ({}));
      if (!res.ok) { error.textContent = (answer.error && answer.error.message) || ('查询失败 · failed (' + res.status + ')'); return; }
      document.getElementById('status-case').textContent = answer.caseId;
      const list = document.getElementById('steps');
      list.textContent = '';
      for (const [key, zh, en] of STEPS) {
        const li = document.createElement('li');
        const day = answer[key];
        li.className = day ? 'done' : '';
        li.dataset.step = key;
        li.textContent = zh + ' · ' + en;
        if (key === 'screenedOn' && day && answer.eligible === false) li.textContent = '已审核：不在探视范围 · Checked: outside the service';
        const span = document.createElement('span');
        span.className = 'day';
        span.textContent = day || '—';
        li.appendChild(span);
        list.appendChild(li);
      }
      document.getElementById('status').hidden = false;
    } catch (e) {
      error.textContent = '网络连接失败，请稍后再试 · no connection; try again';
    }
  };
  form.addEventListener('submit', (event) => { event.preventDefault(); look(); });
  if (form.elements['case'].value) look();
})();`;
  return shell(
    '查询工伤探视进度 · Case progress',
    '查询进度',
    'Case progress',
    '输入申报后得到的案件编号。 <span class="en">Enter the case number you were given.</span>',
    body,
    script,
    nonce,
  );
}

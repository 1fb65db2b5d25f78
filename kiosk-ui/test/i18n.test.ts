import { SCAN_REJECTIONS, WORKER_CATEGORIES } from '@yizhan/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { doorMomentKeys, LANGS, lang, STRINGS, statusKey, syncDocumentLang, t, toggleLang } from '../src/model/i18n.ts';

afterEach(() => {
  lang.value = 'zh';
});

describe('STRINGS', () => {
  it('has every word in every language, and Chinese that is Chinese', () => {
    for (const [key, text] of Object.entries(STRINGS)) {
      for (const code of LANGS) expect(text[code].trim(), `${key}.${code}`).not.toBe('');
      expect(text.zh, key).not.toBe(text.en);
    }
  });

  it('names every status of the kinds the kiosk lists', () => {
    const statuses = {
      appliance: ['free', 'in-use', 'off', 'unknown'],
      fridge: ['ok', 'too-warm', 'unknown'],
      presence: ['occupied', 'clear', 'unknown'],
    } as const;
    for (const [kind, words] of Object.entries(statuses)) {
      for (const status of words)
        expect(statusKey({ kind: kind as keyof typeof statuses, status })).toBe(`${kind}.${status}`);
    }
    expect(t(statusKey({ kind: 'appliance', status: 'in-use' }))).toBe('使用中');
  });

  it('falls back to "unknown" for a status word it does not know', () => {
    expect(statusKey({ kind: 'appliance', status: 'exploded' })).toBe('status.unknown');
    expect(statusKey({ kind: 'people-counter', status: 'ok' })).toBe('status.unknown');
  });
});

describe('door moments', () => {
  it('welcomes every worker category by category only', () => {
    for (const category of WORKER_CATEGORIES) {
      const { title } = doorMomentKeys({ ok: true, visitId: 'v1', category });
      expect(Object.hasOwn(STRINGS, title), title).toBe(true);
    }
    expect(t(doorMomentKeys({ ok: true, visitId: 'v1', category: 'rider' }).title)).toBe('欢迎，外卖骑手朋友！');
    lang.value = 'en';
    expect(t(doorMomentKeys({ ok: true, visitId: 'v1', category: 'rider' }).title)).toBe('Welcome, rider!');
  });

  it('says the visit counts but the lock stayed silent, when the lock did not answer', () => {
    const silent = doorMomentKeys({ ok: true, visitId: 'v1', category: 'rider', lock: 'no-answer' });
    expect(silent).toEqual({ title: 'lock.noAnswer', detail: 'lock.noAnswerDetail' });
    expect(t(silent.title)).toBe('门锁没有回应');
    expect(doorMomentKeys({ ok: true, visitId: 'v1', category: 'rider', lock: 'confirmed' }).title).toBe(
      'welcome.rider',
    );
  });

  it('asks for a fresh code when it expired, and refuses plainly otherwise', () => {
    expect(doorMomentKeys({ ok: false, reason: 'expired' })).toEqual({
      title: 'refusal.expired',
      detail: 'refusal.expiredDetail',
    });
    for (const reason of SCAN_REJECTIONS.filter((r) => r !== 'expired')) {
      expect(doorMomentKeys({ ok: false, reason }).title).toBe('refusal.generic');
    }
  });
});

describe('language', () => {
  it('starts in Chinese, toggles to English and back, and keeps <html lang> in step', () => {
    const root = { lang: '' };
    const dispose = syncDocumentLang(root);
    expect([t('station.open24'), root.lang]).toEqual(['24小时开放', 'zh-CN']);
    toggleLang();
    expect([t('station.open24'), root.lang]).toEqual(['Open 24 hours', 'en']);
    toggleLang();
    expect(root.lang).toBe('zh-CN');
    dispose();
    toggleLang();
    expect(root.lang).toBe('zh-CN');
  });
});

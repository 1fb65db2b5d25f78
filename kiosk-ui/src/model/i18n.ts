import { effect, signal } from '@preact/signals';
import type { DeviceState, DoorResult, Label, WorkerCategory } from '@yizhan/shared';

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Every word the kiosk shows, in both languages. Chinese is the default; English is one tap away. */
export const STRINGS = {
  'station.open24': { zh: '24小时开放', en: 'Open 24 hours' },
  'station.motto': {
    zh: '冷可取暖 · 热可纳凉 · 渴可喝水 · 累可歇脚',
    en: 'Warm when cold · Cool when hot · Water when thirsty · Rest when tired',
  },
  'station.fallbackName': { zh: '工会驿站', en: 'Union worker station' },
  'station.welcomeAll': { zh: '户外劳动者的温馨家园', en: 'A warm home for outdoor workers' },
  'station.careLine': { zh: '工会关爱 · 一路同行', en: 'Your union cares, every step of the way' },
  'services.title': { zh: '站内服务', en: 'In this station' },
  'services.live': { zh: '实时状态', en: 'Live status' },
  'services.waiting': { zh: '正在读取设备状态…', en: 'Reading the devices…' },
  'connection.live': { zh: '实时', en: 'Live' },
  'connection.reconnecting': { zh: '正在重新连接…', en: 'Reconnecting…' },
  'connection.lastKnown': { zh: '显示的是最后已知状态', en: 'Showing the last known status' },
  'language.switch': { zh: 'English', en: '中文' },
  'language.switchLabel': { zh: 'Switch to English', en: '切换到中文' },
  'device.offline': { zh: '离线', en: 'Offline' },
  'device.offlineHint': { zh: '暂时不能使用', en: 'Not working right now' },
  'appliance.free': { zh: '空闲', en: 'Free' },
  'appliance.in-use': { zh: '使用中', en: 'In use' },
  'appliance.off': { zh: '已关闭', en: 'Switched off' },
  'appliance.unknown': { zh: '未知', en: 'Unknown' },
  'fridge.ok': { zh: '冷藏正常', en: 'Cold' },
  'fridge.too-warm': { zh: '温度偏高', en: 'Too warm' },
  'fridge.unknown': { zh: '未知', en: 'Unknown' },
  'presence.occupied': { zh: '有人', en: 'Occupied' },
  'presence.clear': { zh: '空闲', en: 'Free' },
  'presence.unknown': { zh: '未知', en: 'Unknown' },
  'door.open': { zh: '开着', en: 'Open' },
  'door.closed': { zh: '关着', en: 'Closed' },
  'door.unknown': { zh: '未知', en: 'Unknown' },
  'status.unknown': { zh: '未知', en: 'Unknown' },
  'welcome.rider': { zh: '欢迎，外卖骑手朋友！', en: 'Welcome, rider!' },
  'welcome.courier': { zh: '欢迎，快递员朋友！', en: 'Welcome, courier!' },
  'welcome.driver': { zh: '欢迎，网约车司机朋友！', en: 'Welcome, driver!' },
  'welcome.sanitation': { zh: '欢迎，环卫工人朋友！', en: 'Welcome, sanitation worker!' },
  'welcome.construction': { zh: '欢迎，建筑工人朋友！', en: 'Welcome, construction worker!' },
  'welcome.other': { zh: '欢迎，工友！', en: 'Welcome, friend!' },
  'welcome.detail': { zh: '门已打开，请进来歇一歇', en: 'The door is open. Come in and rest.' },
  'refusal.expired': { zh: '请刷新您的会员码', en: 'Please refresh your code' },
  'refusal.expiredDetail': {
    zh: '会员码已过期，请在手机上刷新后再扫一次',
    en: 'Your code has expired. Refresh it on your phone and scan again.',
  },
  'refusal.generic': { zh: '此码无法开门', en: 'This code cannot open the door' },
  'refusal.genericDetail': {
    zh: '请重新打开会员码再试一次',
    en: 'Please open your member code again and retry.',
  },
  'doorMoment.close': { zh: '关闭', en: 'Close' },
} as const satisfies Record<string, Label>;

export type StringKey = keyof typeof STRINGS;

export const lang = signal<Lang>('zh');

/** The word for `key` in the current language; components that call it re-render when the language changes. */
export const t = (key: StringKey): string => STRINGS[key][lang.value];

/** Pick the current language from data that carries both (device labels from the station config). */
export const pick = (text: Label): string => text[lang.value];

export function toggleLang() {
  lang.value = lang.value === 'zh' ? 'en' : 'zh';
}

/** Keeps `<html lang>` in step so fonts and screen readers follow the language. Returns the disposer. */
export function syncDocumentLang(root: { lang: string }): () => void {
  return effect(() => {
    root.lang = lang.value === 'zh' ? 'zh-CN' : 'en';
  });
}

const hasString = (key: string): key is StringKey => Object.hasOwn(STRINGS, key);

/** The translated status word of a device, e.g. `appliance` + `in-use` → 使用中. */
export function statusKey(device: Pick<DeviceState, 'kind' | 'status'>): StringKey {
  const key = `${device.kind}.${device.status}`;
  return hasString(key) ? key : 'status.unknown';
}

export const welcomeKey = (category: WorkerCategory): StringKey => `welcome.${category}`;

/** Headline and detail for a door result. Only the category is shown; nothing personal. */
export function doorMomentKeys(result: DoorResult): { title: StringKey; detail: StringKey } {
  if (result.ok) return { title: welcomeKey(result.category), detail: 'welcome.detail' };
  if (result.reason === 'expired') return { title: 'refusal.expired', detail: 'refusal.expiredDetail' };
  return { title: 'refusal.generic', detail: 'refusal.genericDetail' };
}

import { effect, signal } from '@preact/signals';
import {
  CATEGORY_LABELS,
  type DeviceState,
  type DoorResult,
  type FeedbackCategory,
  isServiceId,
  type Label,
  SERVICES,
  WORKER_CATEGORIES,
  type WorkerCategory,
} from '@yizhan/shared';

function categoryStrings() {
  return Object.fromEntries(WORKER_CATEGORIES.map((c) => [`category.${c}`, CATEGORY_LABELS[c]])) as Record<
    `category.${WorkerCategory}`,
    Label
  >;
}

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
  'lock.noAnswer': { zh: '门锁没有回应', en: 'The lock did not respond' },
  'lock.noAnswerDetail': {
    zh: '您的到访已登记。如果门没有打开，请联系值班人员。',
    en: 'Your visit is recorded. If the door did not open, please ask the attendant.',
  },
  'doorMoment.close': { zh: '关闭', en: 'Close' },
  'power.off': { zh: '已关闭', en: 'Switched off' },
  'power.byOffice': { zh: '工会已远程关闭', en: 'Switched off by the union office' },
  'power.byHours': { zh: '非开放时间已关闭', en: 'Off outside opening hours' },
  'doorQr.title': { zh: '手机扫码进站', en: 'Scan with your phone to enter' },
  'doorQr.how': {
    zh: '微信「扫一扫」或手机相机扫这个码，门就会打开',
    en: 'Scan this code with WeChat or your phone camera and the door opens',
  },
  'doorQr.changes': { zh: '二维码每 30 秒更新', en: 'The code changes every 30 s' },
  'doorQr.label': { zh: '扫码进站二维码', en: 'QR code to scan in with your phone' },
  'doorQr.down': { zh: '扫码进站暂不可用', en: 'Phone scan-in is unavailable right now' },
  'doorQr.downHow': {
    zh: '请在门口扫码器上出示您的会员码',
    en: 'Show your member code to the scanner at the door',
  },
  'nav.label': { zh: '主菜单', en: 'Main menu' },
  'nav.home': { zh: '首页', en: 'Home' },
  'nav.events': { zh: '活动', en: 'Events' },
  'nav.walk-in': { zh: '我到了', en: "I'm here" },
  'nav.report': { zh: '报告问题', en: 'Report' },
  'nav.more': { zh: '附近 · 入会', en: 'Nearby · Join' },
  'occupancy.inside': { zh: '站内人数', en: 'People inside' },
  'occupancy.of': { zh: '共', en: 'of' },
  'occupancy.seats': { zh: '个位', en: 'places' },
  'occupancy.full': { zh: '已满，看看附近驿站', en: 'Full: see nearby stations' },
  'services.alsoHere': { zh: '站内还提供', en: 'Also here' },
  'announcements.title': { zh: '通知', en: 'Notices' },
  'events.title': { zh: '活动安排', en: 'Events' },
  'events.today': { zh: '今天', en: 'Today' },
  'events.week': { zh: '本周', en: 'This week' },
  'events.noneToday': { zh: '今天没有活动', en: 'No events today' },
  'events.noneWeek': { zh: '本周没有其他活动', en: 'No other events this week' },
  'events.bring': { zh: '请带', en: 'Bring' },
  'events.audience': { zh: '面向', en: 'For' },
  'events.recurring': { zh: '定期举行', en: 'Repeats' },
  'events.now': { zh: '进行中', en: 'On now' },
  'events.more': { zh: '全部活动', en: 'All events' },
  'events.signIn': { zh: '没有会员码？点这里签到', en: 'No member code? Sign in here' },
  'events.signInHint': {
    zh: '本活动需要签到：在门口扫会员码即自动签到',
    en: 'Sign in: scan your member code at the door',
  },
  'events.signedIn': { zh: '已签到，谢谢参加！', en: 'Signed in. Thank you for coming!' },
  'attended.title': { zh: '已签到', en: 'Signed in' },
  'walkIn.title': { zh: '没有会员码？点一下登记', en: 'No member code? Tap to check in' },
  'walkIn.hint': { zh: '请选择您的工作', en: 'What is your work?' },
  'walkIn.failed': { zh: '没有登记成功，请再点一次', en: 'That did not work. Please tap again.' },
  'walkIn.tooFast': {
    zh: '刚刚有很多人登记，请稍等几秒再点',
    en: 'Many people just checked in. Please wait a few seconds and tap again.',
  },
  // The categories' words are the product's one list (shared/src/categories.ts), as the office reports them.
  ...categoryStrings(),
  'report.title': { zh: '报告问题', en: 'Report a problem' },
  'report.hint': { zh: '选一个问题，工会会跟进处理', en: 'Pick the problem; the union will follow it up' },
  'report.signage': { zh: '指示牌不清楚', en: 'Signs unclear' },
  'report.gate': { zh: '门禁或电梯不让骑手进', en: "Gate or lift won't let riders in" },
  'report.no-signal': { zh: '没有手机信号', en: 'No phone signal' },
  'report.unsafe': { zh: '不安全的地方', en: 'Unsafe spot' },
  'report.broken': { zh: '站内东西坏了', en: 'Something broken here' },
  'report.other': { zh: '其他问题', en: 'Something else' },
  'report.place': { zh: '在哪里？（可不填）', en: 'Where? (optional)' },
  'report.placeExample': { zh: '例如：万达广场北门', en: 'e.g. north gate of the mall' },
  'report.send': { zh: '发送', en: 'Send' },
  'report.sent': { zh: '谢谢！问题已发给工会', en: 'Thank you! Sent to the union' },
  'report.sentDetail': { zh: '工作人员会尽快处理', en: 'Staff will look into it soon' },
  'report.another': { zh: '再报告一个', en: 'Report another' },
  'report.failed': { zh: '没有发送成功，请再试一次', en: 'Not sent. Please try again.' },
  'report.caseNumber': { zh: '问题编号', en: 'Case number' },
  'report.replies': { zh: '工会的回复', en: 'Replies from the union' },
  'report.noReplies': { zh: '暂时还没有回复', en: 'No replies yet' },
  'caseStatus.new': { zh: '已收到', en: 'Received' },
  'caseStatus.assessing': { zh: '现场评估', en: 'Being assessed' },
  'caseStatus.assigned': { zh: '已分派', en: 'Assigned' },
  'caseStatus.follow-up': { zh: '跟进中', en: 'Following up' },
  'caseStatus.resolved': { zh: '已办结', en: 'Resolved' },
  'more.nearby': { zh: '附近驿站', en: 'Nearby stations' },
  'more.noNearby': { zh: '暂无附近驿站信息', en: 'No nearby stations listed yet' },
  'more.open24': { zh: '24小时开放', en: 'Open 24 hours' },
  'more.openNow': { zh: '现在开放', en: 'Open now' },
  'more.closedNow': { zh: '现在关闭', en: 'Closed now' },
  'more.join': { zh: '加入工会', en: 'Join the union' },
  'more.joinHint': { zh: '用手机扫码，在线申请入会', en: 'Scan with your phone to sign up online' },
  'more.joinQr': { zh: '入会二维码', en: 'Union sign-up QR code' },
  'more.injury': { zh: '工伤探视 码上申报', en: 'Injured at work? Tell the union' },
  'more.injuryHint': {
    zh: '工作中受伤了？扫码告诉工会，工会上门探视，帮助申请工伤认定和互助保障',
    en: 'Scan to tell the union: it visits, and helps with injury recognition and mutual aid',
  },
  'more.injuryQr': { zh: '工伤申报二维码', en: 'Injury declaration QR code' },
  'idle.title': { zh: '还在使用吗？', en: 'Still there?' },
  'idle.detail': { zh: '秒后回到首页', en: 'seconds until the home screen' },
  'idle.stay': { zh: '继续使用', en: 'Keep using' },
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
  // Said again after the welcome when the lock stayed silent: the visit counts, the door may still be shut.
  if (result.ok && result.lock === 'no-answer') return { title: 'lock.noAnswer', detail: 'lock.noAnswerDetail' };
  if (result.ok) return { title: welcomeKey(result.category), detail: 'welcome.detail' };
  if (result.reason === 'expired') return { title: 'refusal.expired', detail: 'refusal.expiredDetail' };
  return { title: 'refusal.generic', detail: 'refusal.genericDetail' };
}

export const categoryKey = (category: WorkerCategory): StringKey => `category.${category}`;

/** The headline when several workers came in at once. */
export const groupWelcomeText = (count: number): string =>
  lang.value === 'zh' ? `欢迎 ${count} 位工友！` : `Welcome, ${count} workers!`;

/** The hint on a card whose state is from before the agent restarted: how old it is. */
export const lastKnownText = (minutes: number): string =>
  lang.value === 'zh' ? `${minutes} 分钟前的状态，等待设备更新` : `As of ${minutes} min ago, waiting for the device`;

export const reportKey = (category: FeedbackCategory): StringKey => `report.${category}`;

/** A case's status as the office set it; a status the kiosk has no words for (a newer hub) says nothing raw. */
export const caseStatusText = (status: string): string => {
  const key = `caseStatus.${status}`;
  return hasString(key) ? t(key) : t('caseStatus.new');
};

/** A service's name; an id the kiosk has no words for (from a newer hub) is shown as it is. */
export const serviceName = (service: string): string => (isServiceId(service) ? pick(SERVICES[service]) : service);

/** The `lang` of text that is always Chinese (station names from the office), also when the page is in English. */
export const ZH_TEXT = 'zh-CN';

/** A device's name on its card: its configured label, else the service it stands for. */
export function deviceName(device: Pick<DeviceState, 'device' | 'kind' | 'label'>): string {
  if (device.label) return pick(device.label);
  return device.kind === 'presence' ? serviceName('rest') : serviceName(device.device);
}

import { effect, signal } from '@preact/signals';
import { CATEGORY_LABELS, type WorkerCategory } from '@yizhan/shared';
import type { ApiError } from './api.ts';
import { hubZone } from './session.ts';

export type Lang = 'zh' | 'en';

/** Every word the dashboard shows, Chinese first (the default), English beside it. */
const STRINGS = {
  'app.title': { zh: '工会驿站管理平台', en: 'Union station office' },
  'app.city': { zh: '徐州市总工会', en: 'Xuzhou Federation of Trade Unions' },
  'nav.overview': { zh: '总览', en: 'Overview' },
  'nav.map': { zh: '地图', en: 'Map' },
  'nav.alarms': { zh: '告警', en: 'Alarms' },
  'nav.screens': { zh: '数据大屏', en: 'Big screen' },
  'map.title': { zh: '驿站地图', en: 'Stations on the map' },
  'map.withAlarms': { zh: '有告警', en: 'With alarms' },
  'map.hint': {
    zh: '数字为站内人数/容量；点击驿站查看详情',
    en: 'Figures are people inside/capacity; click a station to open it',
  },
  'load.map': { zh: '地图加载失败', en: 'Could not load the map' },
  'screens.title': { zh: '数据大屏链接', en: 'Big-screen links' },
  'screens.hint': {
    zh: '大屏链接只读，无需登录，可随时停用。链接只显示一次，请妥善保存。',
    en: 'A big-screen link is read-only and needs no sign-in; revoke it at any time. It is shown once: keep it.',
  },
  'screens.name': { zh: '名称', en: 'Name' },
  'screens.district': { zh: '范围', en: 'Shows' },
  'screens.create': { zh: '新建大屏链接', en: 'Make a link' },
  'screens.created': { zh: '已创建，链接如下（只显示这一次）', en: 'Made; the link (shown this once)' },
  'screens.open': { zh: '打开大屏', en: 'Open the screen' },
  'screens.revoke': { zh: '停用', en: 'Revoke' },
  'screens.revoked': { zh: '已停用', en: 'Revoked' },
  'screens.active': { zh: '使用中', en: 'Active' },
  'screens.none': { zh: '还没有大屏链接', en: 'No links yet' },
  'screens.madeBy': { zh: '创建', en: 'Made' },
  'load.screens': { zh: '大屏链接加载失败', en: 'Could not load the links' },
  'nav.schedules': { zh: '活动排期', en: 'Schedules' },
  'nav.notices': { zh: '通知公告', en: 'Notices' },
  'nav.feedback': { zh: '问题反馈', en: 'Feedback' },
  'nav.export': { zh: '数据导出', en: 'Export' },
  'nav.injuries': { zh: '工伤探视', en: 'Injury visits' },
  'nav.trends': { zh: '趋势分析', en: 'Trends' },
  'trends.week': { zh: '本周服务人次', en: 'This week' },
  'trends.month': { zh: '本月服务人次', en: 'This month' },
  'trends.year': { zh: '今年服务人次', en: 'This year' },
  'trends.vsPrevious': { zh: '比上一期同期', en: 'against the same span before' },
  'trends.noPrevious': { zh: '上一期无数据', en: 'no figures for the span before' },
  'trends.districtMix': { zh: '各区服务对象构成（本月）', en: 'Who came, per district (this month)' },
  'trends.ranking': { zh: '驿站排名', en: 'Stations ranked' },
  'trends.rankBy': { zh: '排序', en: 'Rank by' },
  'trends.visitsPerSeat': { zh: '每座位服务人次', en: 'Visits per seat' },
  'trends.busiestHour': { zh: '最忙时段', en: 'Busiest hour' },
  'trends.appliancePerVisit': { zh: '人均电器使用（分钟）', en: 'Appliance minutes per visit' },
  'trends.mix': { zh: '服务对象构成', en: 'Who came' },
  'load.trends': { zh: '趋势数据加载失败', en: 'Could not load the trends' },
  'export.xlsx': { zh: '下载 Excel', en: 'Download Excel' },
  'export.monthly': { zh: '月度报表', en: 'Monthly report' },
  'export.month': { zh: '月份', en: 'Month' },
  'export.monthlyDownload': { zh: '下载月报 Excel', en: 'Download the monthly report' },
  'nav.signOut': { zh: '退出', en: 'Sign out' },
  'lang.switch': { zh: 'English', en: '中文' },
  'login.title': { zh: '登录', en: 'Sign in' },
  'login.username': { zh: '用户名', en: 'Username' },
  'login.password': { zh: '密码', en: 'Password' },
  'login.submit': { zh: '登录', en: 'Sign in' },
  'login.failed': { zh: '用户名或密码错误', en: 'Wrong username or password' },
  'login.throttled': { zh: '尝试次数过多，请稍后再试', en: 'Too many attempts; try again later' },
  'live.connected': { zh: '实时', en: 'Live' },
  'live.reconnecting': { zh: '正在重新连接…', en: 'Reconnecting…' },
  'total.stations': { zh: '驿站', en: 'Stations' },
  'total.online': { zh: '在线', en: 'Online' },
  'total.offline': { zh: '离线', en: 'Offline' },
  'total.inside': { zh: '站内人数', en: 'People inside' },
  'total.openAlarms': { zh: '未处理告警', en: 'Open alarms' },
  'total.acknowledgedAlarms': { zh: '已确认未解除', en: 'acknowledged, not cleared' },
  'station.noSensor': { zh: '无人数传感器', en: 'no occupancy sensor' },
  'total.today': { zh: '今日服务人次', en: 'Served today' },
  'total.year': { zh: '今年累计服务人次', en: 'Served this year' },
  'overview.districts': { zh: '各区情况', en: 'Districts' },
  'overview.stations': { zh: '驿站列表', en: 'Stations' },
  'overview.allDistricts': { zh: '全部区域', en: 'All districts' },
  'station.status': { zh: '状态', en: 'Status' },
  'station.name': { zh: '驿站', en: 'Station' },
  'station.district': { zh: '区域', en: 'District' },
  'station.lastSeen': { zh: '最后通信', en: 'Last heard' },
  'station.online': { zh: '在线', en: 'Online' },
  'station.offline': { zh: '离线', en: 'Offline' },
  'station.never': { zh: '从未', en: 'never' },
  'station.capacity': { zh: '容量', en: 'Capacity' },
  'station.visitsByDay': { zh: '每日服务人次（按工种）', en: 'Visits per day by worker category' },
  'station.visitsByHour': { zh: '各时段服务人次', en: 'Visits by hour of day' },
  'station.appliances': { zh: '电器使用', en: 'Appliance use' },
  'station.sessions': { zh: '次', en: 'sessions' },
  'station.minutes': { zh: '分钟', en: 'min' },
  'station.visits': { zh: '服务人次', en: 'Visits' },
  'station.members': { zh: '服务会员人数', en: 'Distinct members' },
  'station.peak': { zh: '最高在站人数', en: 'Peak inside' },
  'station.average': { zh: '平均在站人数', en: 'Average inside' },
  'station.rejected': { zh: '拒绝的扫码', en: 'Rejected scans' },
  'station.upcoming': { zh: '近期活动', en: 'Upcoming events' },
  'station.back': { zh: '返回总览', en: 'Back to overview' },
  'range.from': { zh: '从', en: 'From' },
  'range.to': { zh: '到', en: 'To' },
  'alarms.title': { zh: '告警', en: 'Alarms' },
  'alarms.raised': { zh: '发生时间', en: 'Raised' },
  'alarms.rule': { zh: '类型', en: 'Type' },
  'alarms.detail': { zh: '详情', en: 'Detail' },
  'alarms.acknowledge': { zh: '确认', en: 'Acknowledge' },
  'alarms.none': { zh: '没有告警', en: 'No alarms' },
  'alarms.meanAck': { zh: '平均确认用时（分钟）', en: 'Mean minutes to acknowledge' },
  'alarms.meanClear': { zh: '平均解除用时（分钟）', en: 'Mean minutes to clear' },
  'alarmStatus.open': { zh: '未处理', en: 'Open' },
  'alarmStatus.acknowledged': { zh: '已确认', en: 'Acknowledged' },
  'alarmStatus.cleared': { zh: '已解除', en: 'Cleared' },
  'alarms.escalated': { zh: '已升级', en: 'Escalated' },
  'notice.region': { zh: '新告警提醒', en: 'New alarms' },
  'notice.raised': { zh: '新告警', en: 'New alarm' },
  'notice.escalated': { zh: '告警升级：无人确认', en: 'Escalated: not acknowledged' },
  'notice.open': { zh: '查看告警', en: 'See alarms' },
  'notice.dismiss': { zh: '知道了', en: 'Dismiss' },
  'notice.failed': { zh: '新告警提醒暂时无法读取，稍后自动重试', en: 'New alarms could not be read; trying again' },
  'schedules.title': { zh: '活动排期', en: 'Schedules' },
  'schedules.new': { zh: '新建活动', en: 'New event' },
  'schedules.titleZh': { zh: '名称（中文）', en: 'Title (Chinese)' },
  'schedules.titleEn': { zh: '名称（英文）', en: 'Title (English)' },
  'schedules.target': { zh: '发布范围', en: 'For' },
  'schedules.targetAll': { zh: '全市驿站', en: 'All stations' },
  'schedules.start': { zh: '开始', en: 'Starts' },
  'schedules.end': { zh: '结束', en: 'Ends' },
  'schedules.repeat': { zh: '重复', en: 'Repeat' },
  'schedules.once': { zh: '不重复', en: 'Once' },
  'schedules.weekly': { zh: '每周', en: 'Weekly' },
  'schedules.monthly': { zh: '每月', en: 'Monthly' },
  'schedules.yearly': { zh: '每年', en: 'Yearly' },
  'schedules.save': { zh: '保存', en: 'Save' },
  'schedules.edit': { zh: '修改活动', en: 'Edit event' },
  'schedules.descriptionZh': { zh: '活动介绍（中文）', en: 'Description (Chinese)' },
  'schedules.descriptionEn': { zh: '活动介绍（英文）', en: 'Description (English)' },
  'schedules.bringZh': { zh: '请带（中文）', en: 'What to bring (Chinese)' },
  'schedules.bringEn': { zh: '请带（英文）', en: 'What to bring (English)' },
  'schedules.bring': { zh: '请带', en: 'Bring' },
  'schedules.signIn': {
    zh: '需要签到（扫会员码或在屏幕上点签到）',
    en: 'Sign-in (member code at the door, or a tap on the kiosk)',
  },
  'attendance.title': { zh: '活动签到（近30天）', en: 'Sign-ins at events (30 days)' },
  'attendance.none': { zh: '近30天没有签到', en: 'No sign-ins in the last 30 days' },
  'attendance.day': { zh: '日期', en: 'Day' },
  'attendance.code': { zh: '扫码签到', en: 'By member code' },
  'attendance.tap': { zh: '屏幕签到', en: 'By kiosk tap' },
  'attendance.total': { zh: '合计人次', en: 'Person-times' },
  'load.attendance': { zh: '签到统计加载失败', en: 'Could not load the sign-ins' },
  'schedules.deleted': { zh: '已删除，驿站下次同步时更新', en: 'Deleted; stations drop it with their next bundle' },
  'schedules.delete': { zh: '删除', en: 'Delete' },
  'schedules.none': { zh: '还没有活动', en: 'No events yet' },
  'schedules.saved': { zh: '已保存，驿站下次同步时更新', en: 'Saved; stations get it with their next bundle' },
  'notices.title': { zh: '通知公告', en: 'Notices' },
  'notices.new': { zh: '新建通知', en: 'New notice' },
  'notices.edit': { zh: '修改通知', en: 'Edit notice' },
  'notices.textZh': { zh: '通知内容（中文）', en: 'Text (Chinese)' },
  'notices.textEn': { zh: '通知内容（英文）', en: 'Text (English)' },
  'notices.text': { zh: '通知内容', en: 'Text' },
  'notices.from': { zh: '开始显示', en: 'Shown from' },
  'notices.until': { zh: '结束显示', en: 'Shown until' },
  'notices.untilRemoved': { zh: '直到删除', en: 'until removed' },
  'notices.state': { zh: '状态', en: 'State' },
  'notices.none': { zh: '还没有通知', en: 'No notices yet' },
  'notices.saved': { zh: '已保存，驿站下次同步时显示', en: 'Saved; kiosks show it with their next bundle' },
  'noticeState.scheduled': { zh: '待发布', en: 'Scheduled' },
  'noticeState.showing': { zh: '显示中', en: 'Showing' },
  'noticeState.ended': { zh: '已结束', en: 'Ended' },
  'load.notices': { zh: '通知加载失败', en: 'Could not load the notices' },
  'feedback.title': { zh: '问题反馈', en: 'Feedback' },
  'feedback.created': { zh: '提交时间', en: 'Reported' },
  'feedback.category': { zh: '问题', en: 'Problem' },
  'feedback.place': { zh: '位置', en: 'Where' },
  'feedback.assignee': { zh: '负责人', en: 'Assignee' },
  'feedback.reply': {
    zh: '回复（按问题编号显示在该驿站的屏幕上）',
    en: 'Reply (shown on the station’s kiosk under the case number)',
  },
  'feedback.caseNumber': { zh: '问题编号', en: 'Case' },
  'feedback.save': { zh: '保存', en: 'Save' },
  'feedback.none': { zh: '没有反馈', en: 'No feedback' },
  'feedback.meanResolve': { zh: '平均办结用时（小时）', en: 'Mean hours to resolve' },
  'feedbackStatus.new': { zh: '已收集', en: 'Collected' },
  'feedbackStatus.assessing': { zh: '现场评估', en: 'Assessing on site' },
  'feedbackStatus.assigned': { zh: '已分派', en: 'Assigned' },
  'feedbackStatus.follow-up': { zh: '跟进中', en: 'Following up' },
  'feedbackStatus.resolved': { zh: '已办结', en: 'Resolved' },
  'feedbackCategory.signage': { zh: '指示牌', en: 'Signage' },
  'feedbackCategory.gate': { zh: '门禁', en: 'Gate' },
  'feedbackCategory.no-signal': { zh: '没有信号', en: 'No signal' },
  'feedbackCategory.unsafe': { zh: '安全隐患', en: 'Unsafe' },
  'feedbackCategory.broken': { zh: '设施损坏', en: 'Broken' },
  'feedbackCategory.other': { zh: '其他', en: 'Other' },
  'export.title': { zh: '数据导出', en: 'Export' },
  'export.table': { zh: '数据表', en: 'Table' },
  'export.download': { zh: '下载 CSV', en: 'Download CSV' },
  'export.preview': { zh: '预览', en: 'Preview' },
  'export.rows': { zh: '行', en: 'rows' },
  'common.readOnly': { zh: '只读（区级查看）', en: 'Read-only (district viewer)' },
  'common.colon': { zh: '：', en: ': ' },
  'common.retry': { zh: '重试', en: 'Retry' },
  'common.loading': { zh: '正在加载…', en: 'Loading…' },
  'common.more': { zh: '加载更多', en: 'Load more' },
  'common.pending': { zh: '正在提交…', en: 'Sending…' },
  'common.saved': { zh: '已保存', en: 'Saved' },
  'common.edit': { zh: '修改', en: 'Edit' },
  'common.cancel': { zh: '取消', en: 'Cancel' },
  'confirm.label': { zh: '确认删除', en: 'Confirm the delete' },
  'confirm.ask': { zh: '确定删除', en: 'Delete' },
  'confirm.yes': { zh: '确定删除', en: 'Delete' },
  'confirm.no': { zh: '取消', en: 'Keep it' },
  'session.signInAgain': { zh: '重新登录', en: 'Sign in again' },
  'failure.unreachable': { zh: '无法连接到中心平台，请检查网络', en: 'The hub cannot be reached; check the network' },
  'failure.signed-out': { zh: '登录已过期，请重新登录', en: 'Your session has ended; please sign in again' },
  'failure.forbidden': { zh: '您没有权限', en: 'You are not allowed to do this' },
  'failure.not-found': { zh: '找不到，可能已被删除', en: 'Not found; it may have been removed' },
  'failure.throttled': { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again shortly' },
  'failure.refused': { zh: '中心平台拒绝了该请求', en: 'The hub refused this' },
  'failure.hub-failed': { zh: '中心平台出错', en: 'The hub failed' },
  'failure.invalid-answer': { zh: '中心平台返回的数据无法识别', en: 'The hub’s answer could not be read' },
  'failure.unexpected': { zh: '页面出错', en: 'The page failed' },
  'remote.title': { zh: '现场', en: 'On site' },
  'remote.connected': { zh: '实时通道已连接', en: 'Live channel connected' },
  'remote.disconnected': { zh: '实时通道未连接', en: 'Live channel not connected' },
  'remote.kioskOk': { zh: '屏幕正常', en: 'Screen responding' },
  'remote.kioskHung': { zh: '屏幕无响应', en: 'Screen not responding' },
  'remote.kioskAbsent': { zh: '未检测到屏幕', en: 'No screen heard from' },
  'remote.screen': { zh: '屏幕画面', en: 'What the screen shows' },
  'remote.screenTake': { zh: '查看当前画面', en: 'Show the screen now' },
  'remote.screenTaking': { zh: '正在获取…', en: 'Taking the picture…' },
  'remote.screenTaken': { zh: '拍摄于', en: 'Taken' },
  'remote.power': { zh: '遥控断电', en: 'Remote power' },
  'remote.noAppliances': { zh: '没有可遥控的电器', en: 'No appliance can be switched' },
  'remote.off': { zh: '关闭', en: 'Switch off' },
  'remote.on': { zh: '打开', en: 'Switch on' },
  'remote.lastOff': { zh: '已关闭', en: 'Switched off' },
  'remote.lastOn': { zh: '已打开', en: 'Switched on' },
  'load.session': { zh: '无法确认登录状态', en: 'Could not check your sign-in' },
  'load.overview': { zh: '驿站总览加载失败', en: 'Could not load the overview' },
  'load.alarms': { zh: '告警加载失败', en: 'Could not load the alarms' },
  'load.feedback': { zh: '问题反馈加载失败', en: 'Could not load the feedback' },
  'load.schedules': { zh: '活动排期加载失败', en: 'Could not load the schedules' },
  'load.station': { zh: '驿站数据加载失败', en: 'Could not load this station’s figures' },
  'load.upcoming': { zh: '近期活动加载失败', en: 'Could not load the upcoming events' },
  'load.report': { zh: '报表加载失败', en: 'Could not load the report' },
  'load.injuries': { zh: '工伤探视加载失败', en: 'Could not load the injury visits' },
  'load.more': { zh: '更多记录加载失败', en: 'Could not load more' },
  'save.failed': { zh: '保存失败', en: 'Not saved' },
  'ack.failed': { zh: '确认失败', en: 'Not acknowledged' },
  'delete.failed': { zh: '删除失败', en: 'Not deleted' },
  'signOut.failed': { zh: '退出失败', en: 'Could not sign out' },
} as const;

export type StringKey = keyof typeof STRINGS;

const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem('yz-lang');
export const lang = signal<Lang>(saved === 'en' ? 'en' : 'zh');

effect(() => {
  document.documentElement.lang = lang.value === 'zh' ? 'zh-CN' : 'en';
  localStorage.setItem('yz-lang', lang.value);
});

export function t(key: StringKey): string {
  return STRINGS[key][lang.value];
}

/** A string key built from data (a status, a category), with the raw value when no translation exists. */
export function tx(prefix: string, value: string): string {
  const entry = (STRINGS as Record<string, { zh: string; en: string }>)[`${prefix}.${value}`];
  return entry ? entry[lang.value] : value;
}

/** A worker category in the product's one set of words (shared/src/categories.ts, as the kiosk says it). */
export const categoryLabel = (category: WorkerCategory): string => CATEGORY_LABELS[category][lang.value];

/**
 * What went wrong, for the operator: the kind in their language, the HTTP status when there was one, and the
 * hub's own reason where it gives one worth reading (a refusal, an answer that did not fit).
 */
export function failureText(error: ApiError): string {
  if (error.status === 0 || error.kind === 'invalid-answer') return tx('failure', error.kind);
  return lang.value === 'zh'
    ? `${tx('failure', error.kind)}（HTTP ${error.status}）`
    : `${tx('failure', error.kind)} (HTTP ${error.status})`;
}

/** The detail under a failure: the hub's message for a refusal, the broken field for a bad answer. */
export const failureDetail = (error: ApiError): string | null =>
  error.kind === 'refused' || error.kind === 'invalid-answer' || error.kind === 'unexpected' ? error.message : null;

/** In the operator's time: the hub's zone. */
export function formatTime(iso: string | null): string {
  if (!iso) return t('station.never');
  return new Date(iso).toLocaleString(lang.value === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: hubZone.value,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export const formatCount = (n: number) => n.toLocaleString(lang.value === 'zh' ? 'zh-CN' : 'en-GB');

/** Text that comes in both languages (a device's label, an alarm's words): the operator's. */
export const pick = (text: { zh: string; en: string }): string => text[lang.value];

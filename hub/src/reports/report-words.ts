/**
 * The report tables in the operator's language: each table's name, each column's header, and the words for
 * the values that are codes (a worker category, a method, a scan's reason, a status). The export page, the
 * CSV and the XLSX say the same. Browser-safe.
 */
import {
  CATEGORY_LABELS,
  type FEEDBACK_CATEGORIES,
  type Label,
  type SCAN_REJECTIONS,
  WORKER_CATEGORIES,
  type WorkerCategory,
} from '@yizhan/shared';
import type { ReportTable } from './report-names.ts';

export const TABLE_WORDS: Record<ReportTable, Label> = {
  'visits-daily': { zh: '每日服务人次', en: 'Visits per day' },
  'visits-hourly': { zh: '每小时服务人次', en: 'Visits per hour' },
  'visits-monthly': { zh: '每月服务人次', en: 'Visits per month' },
  'district-visits': { zh: '各区每日服务人次', en: 'Visits per district and day' },
  'members-daily': { zh: '每日服务会员人数', en: 'Distinct members per day' },
  'members-monthly': { zh: '每月服务会员人数', en: 'Distinct members per month' },
  appliances: { zh: '电器使用', en: 'Appliance use' },
  occupancy: { zh: '在站人数', en: 'People inside' },
  rejections: { zh: '拒绝的扫码', en: 'Rejected scans' },
  alarms: { zh: '告警记录', en: 'Alarms' },
  feedback: { zh: '问题反馈', en: 'Feedback cases' },
  attendance: { zh: '活动签到', en: 'Event sign-ins' },
};

export const COLUMN_WORDS: Record<string, Label> = {
  period: { zh: '时间', en: 'Period' },
  day: { zh: '日期', en: 'Day' },
  stationId: { zh: '驿站', en: 'Station' },
  district: { zh: '区域', en: 'District' },
  category: { zh: '类别', en: 'Category' },
  method: { zh: '进站方式', en: 'How' },
  count: { zh: '人次', en: 'Count' },
  members: { zh: '会员人数', en: 'Members' },
  device: { zh: '设备', en: 'Device' },
  sessions: { zh: '使用次数', en: 'Sessions' },
  seconds: { zh: '使用秒数', en: 'Seconds' },
  samples: { zh: '采样次数', en: 'Samples' },
  average: { zh: '平均在站人数', en: 'Average inside' },
  peak: { zh: '最高在站人数', en: 'Peak inside' },
  reason: { zh: '原因', en: 'Reason' },
  alarmId: { zh: '告警编号', en: 'Alarm' },
  rule: { zh: '告警类型', en: 'Type' },
  detail: { zh: '详情', en: 'Detail' },
  status: { zh: '状态', en: 'Status' },
  raisedAt: { zh: '发生时间', en: 'Raised' },
  ackedAt: { zh: '确认时间', en: 'Acknowledged' },
  ackedBy: { zh: '确认人', en: 'Acknowledged by' },
  clearedAt: { zh: '解除时间', en: 'Cleared' },
  feedbackId: { zh: '问题编号', en: 'Case number' },
  place: { zh: '位置', en: 'Where' },
  assignee: { zh: '负责人', en: 'Assignee' },
  reply: { zh: '回复', en: 'Reply' },
  createdAt: { zh: '提交时间', en: 'Reported' },
  updatedAt: { zh: '更新时间', en: 'Updated' },
  resolvedAt: { zh: '办结时间', en: 'Resolved' },
  eventId: { zh: '活动', en: 'Event' },
};

export const METHOD_WORDS: Record<'code' | 'walk-in' | 'tap', Label> = {
  code: { zh: '会员码', en: 'Member code' },
  'walk-in': { zh: '屏幕登记', en: 'Walk-in' },
  tap: { zh: '屏幕签到', en: 'Kiosk tap' },
};

export const REJECTION_WORDS: Record<(typeof SCAN_REJECTIONS)[number], Label> = {
  malformed: { zh: '不是会员码', en: 'Not a member code' },
  oversized: { zh: '码过长', en: 'Too long' },
  'unsupported-version': { zh: '码的版本不支持', en: 'Unsupported version' },
  'wrong-algorithm': { zh: '签名算法不符', en: 'Wrong algorithm' },
  'unknown-key': { zh: '未知密钥', en: 'Unknown key' },
  'retired-key': { zh: '密钥已停用', en: 'Retired key' },
  'bad-signature': { zh: '签名无效', en: 'Bad signature' },
  expired: { zh: '码已过期', en: 'Expired' },
  'not-yet-valid': { zh: '码尚未生效', en: 'Not yet valid' },
  'lifetime-too-long': { zh: '有效期过长', en: 'Lifetime too long' },
  replayed: { zh: '码已用过', en: 'Used before' },
  revoked: { zh: '会员已停用', en: 'Member revoked' },
  'station-unavailable': { zh: '驿站无法登记', en: 'Station could not record' },
  'wrong-station': { zh: '不是本站的码', en: 'Code of another station' },
};

export const ALARM_STATUS_WORDS: Record<'open' | 'acknowledged' | 'cleared', Label> = {
  open: { zh: '未处理', en: 'Open' },
  acknowledged: { zh: '已确认', en: 'Acknowledged' },
  cleared: { zh: '已解除', en: 'Cleared' },
};

export const CASE_STATUS_WORDS: Record<'new' | 'assessing' | 'assigned' | 'follow-up' | 'resolved', Label> = {
  new: { zh: '已收集', en: 'Collected' },
  assessing: { zh: '现场评估', en: 'Assessing on site' },
  assigned: { zh: '已分派', en: 'Assigned' },
  'follow-up': { zh: '跟进中', en: 'Following up' },
  resolved: { zh: '已办结', en: 'Resolved' },
};

export const FEEDBACK_CATEGORY_WORDS: Record<(typeof FEEDBACK_CATEGORIES)[number], Label> = {
  signage: { zh: '指示牌', en: 'Signage' },
  gate: { zh: '门禁', en: 'Gate' },
  'no-signal': { zh: '没有信号', en: 'No signal' },
  unsafe: { zh: '安全隐患', en: 'Unsafe' },
  broken: { zh: '设施损坏', en: 'Broken' },
  other: { zh: '其他', en: 'Other' },
};

const isWorkerCategory = (v: string): v is WorkerCategory => (WORKER_CATEGORIES as readonly string[]).includes(v);

/** The words of a code in a column of `table`, or undefined when the value is not a code (a count, a name). */
export function cellWords(table: ReportTable, column: string, value: string): Label | undefined {
  const words = (map: Record<string, Label>) => (Object.hasOwn(map, value) ? map[value] : undefined);
  switch (column) {
    case 'category':
      if (table === 'feedback') return words(FEEDBACK_CATEGORY_WORDS);
      return isWorkerCategory(value) ? CATEGORY_LABELS[value] : undefined;
    case 'method':
      return words(METHOD_WORDS);
    case 'reason':
      return words(REJECTION_WORDS);
    case 'status':
      return table === 'feedback' ? words(CASE_STATUS_WORDS) : words(ALARM_STATUS_WORDS);
    default:
      return undefined;
  }
}

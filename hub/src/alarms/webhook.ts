/**
 * What the alarm webhook posts: generic JSON that a WeCom or DingTalk group robot takes as it is (`msgtype`
 * `text` with `text.content`, the alarm in Chinese words), and the alarm itself under `alarm` for any other
 * receiver. The same words as the dashboard (words.ts).
 */
import type { AlarmView } from './schema.ts';
import { alarmDetail, alarmTitle } from './words.ts';

export interface AlarmWebhookBody {
  msgtype: 'text';
  text: { content: string };
  /** `alarm.raised` for a new alarm, `alarm.escalated` for one nobody acknowledged in time. */
  event: 'alarm.raised' | 'alarm.escalated';
  alarm: {
    stationId: string;
    stationName: string;
    district: string;
    alarmId: string;
    rule: string;
    title: { zh: string; en: string };
    detail: { zh: string; en: string };
    raisedAt: string;
    escalatedAt: string | null;
  };
}

export function webhookBody(kind: 'raised' | 'escalated', alarm: AlarmView, district: string): AlarmWebhookBody {
  const title = alarmTitle(alarm.rule);
  const detail = alarmDetail(alarm);
  const head = kind === 'raised' ? '【驿站告警】' : '【告警升级·无人确认】';
  return {
    msgtype: 'text',
    text: { content: `${head}${district} ${alarm.stationName}：${title.zh}，${detail.zh}（${alarm.raisedAt}）` },
    event: kind === 'raised' ? 'alarm.raised' : 'alarm.escalated',
    alarm: {
      stationId: alarm.stationId,
      stationName: alarm.stationName,
      district,
      alarmId: alarm.alarmId,
      rule: alarm.rule,
      title,
      detail,
      raisedAt: alarm.raisedAt,
      escalatedAt: alarm.escalatedAt,
    },
  };
}

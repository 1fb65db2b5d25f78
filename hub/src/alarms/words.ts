/**
 * An alarm in the office's words, Chinese and English, from its rule, its facts and its device's name — never the
 * station's English detail or a rule id on a Chinese screen. The dashboard, the big screen and the webhook say the
 * same thing. Browser-safe.
 */
import type { AlarmFacts, Label } from '@yizhan/shared';

/** The station agent's rules (station-agent/src/alarms/alarm-rules.ts) and the hub's own. */
const RULES: Record<string, Label> = {
  'fridge-too-warm': { zh: '冰箱温度过高', en: 'Fridge too warm' },
  'water-no-power': { zh: '饮水机断电', en: 'Water dispenser without power' },
  'over-capacity': { zh: '站内超员', en: 'Over capacity' },
  'device-offline': { zh: '设备离线', en: 'Device offline' },
  'battery-low': { zh: '电池电量低', en: 'Battery low' },
  'door-held-open': { zh: '门长时间未关', en: 'Door held open' },
  'station-silent': { zh: '驿站失联', en: 'Station silent' },
};

const UNKNOWN_RULE: Label = { zh: '其他告警', en: 'Other alarm' };

export function alarmTitle(rule: string): Label {
  return RULES[rule] ?? UNKNOWN_RULE;
}

/** What an alarm is about, enough to say it: its rule, facts, device name and English detail. */
export interface AlarmWording {
  rule: string;
  facts: AlarmFacts | null;
  deviceLabel: Label | null;
  detail: string;
}

const num = (n: number) => String(Math.round(n * 10) / 10);

/**
 * The sentence under the title. Without facts (an alarm from an older station), the Chinese says only what
 * the title and device say; the English keeps the station's own detail.
 */
export function alarmDetail(a: AlarmWording): Label {
  const f = a.facts ?? {};
  const device = a.deviceLabel;
  const on = (label: Label | null): Label => label ?? { zh: '', en: '' };
  const d = on(device);
  switch (a.rule) {
    case 'fridge-too-warm':
      if (f.temperatureC !== undefined && f.limitC !== undefined) {
        return {
          zh: `${d.zh || '冰箱'} ${num(f.temperatureC)} °C，高于 ${num(f.limitC)} °C`,
          en: `${d.en || 'Fridge'} at ${num(f.temperatureC)} °C, above ${num(f.limitC)} °C`,
        };
      }
      break;
    case 'water-no-power':
      if (f.plug) {
        return f.plug === 'offline'
          ? { zh: `${d.zh || '饮水机'}插座离线`, en: `${d.en || 'Water dispenser'}: plug offline` }
          : { zh: `${d.zh || '饮水机'}插座已关闭`, en: `${d.en || 'Water dispenser'}: plug switched off` };
      }
      break;
    case 'over-capacity':
      if (f.inside !== undefined && f.capacity !== undefined) {
        return {
          zh: `站内 ${f.inside} 人，容量 ${f.capacity} 人`,
          en: `${f.inside} inside, capacity ${f.capacity}`,
        };
      }
      break;
    case 'device-offline':
      if (f.minutes !== undefined) {
        return {
          zh: `${d.zh || '设备'}离线超过 ${num(f.minutes)} 分钟`,
          en: `${d.en || 'Device'} offline for over ${num(f.minutes)} min`,
        };
      }
      break;
    case 'battery-low':
      if (f.batteryPct !== undefined) {
        return {
          zh: `${d.zh || '设备'}电量 ${num(f.batteryPct)}%`,
          en: `${d.en || 'Device'} battery at ${num(f.batteryPct)}%`,
        };
      }
      break;
    case 'door-held-open':
      if (f.seconds !== undefined) {
        return {
          zh: `门开着超过 ${num(f.seconds)} 秒`,
          en: `Door open for more than ${num(f.seconds)} s`,
        };
      }
      break;
    case 'station-silent':
      return f.minutes === undefined
        ? { zh: '从未与中心平台联系', en: 'Never heard from' }
        : { zh: `已 ${num(f.minutes)} 分钟没有联系`, en: `Not heard from for ${num(f.minutes)} min` };
  }
  return { zh: d.zh || alarmTitle(a.rule).zh, en: a.detail || d.en || alarmTitle(a.rule).en };
}

import { z } from 'zod';

/**
 * The services a station can offer, with the words the kiosk shows for them. One list for the station config,
 * the hub's service catalog and the kiosk, so an id one part knows is never a bare word on another.
 */
export const SERVICES = {
  water: { zh: '饮水', en: 'Drinking water' },
  microwave: { zh: '微波炉', en: 'Microwave' },
  fridge: { zh: '冰箱', en: 'Fridge' },
  rest: { zh: '休息座椅', en: 'Rest seats' },
  charging: { zh: '手机充电', en: 'Phone charging' },
  toilet: { zh: '卫生间', en: 'Toilet' },
  'first-aid': { zh: '急救药箱', en: 'First aid' },
  heating: { zh: '取暖', en: 'Heating' },
  cooling: { zh: '空调纳凉', en: 'Cooling' },
  reading: { zh: '图书阅读', en: 'Reading' },
  wifi: { zh: '免费无线网', en: 'Free Wi-Fi' },
  tv: { zh: '电视新闻', en: 'TV news' },
  'hot-drinks': { zh: '热粥姜茶', en: 'Porridge and ginger tea' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type ServiceId = keyof typeof SERVICES;
export const SERVICE_IDS = Object.keys(SERVICES) as [ServiceId, ...ServiceId[]];

/** Where a service is configured (station config, the office's catalog): one of SERVICE_IDS. */
export const serviceId = z.enum(SERVICE_IDS, { error: `a service of: ${SERVICE_IDS.join(', ')}` });

/** Whether `id` is a service the kiosk has words for (a newer hub may send one an older kiosk does not know). */
export const isServiceId = (id: string): id is ServiceId => Object.hasOwn(SERVICES, id);

/**
 * What the demo's central office has planned: more stations across Xuzhou's districts (registered, with no
 * agent running, so they show as offline), the service catalog, the year's events and announcements. Written
 * through the hub's own API, as an operator would, so the demo exercises the same validation.
 */
import type { HubApp } from '@yizhan/hub';

export const MORE_STATIONS = [
  { id: 'quanshan-kuangda', name: '矿大南门工会驿站', district: '泉山区', capacity: 12, lat: 34.2185, lng: 117.143 },
  { id: 'yunlong-heping', name: '和平路工会驿站', district: '云龙区', capacity: 10, lat: 34.2562, lng: 117.2135 },
  { id: 'yunlong-dalong', name: '大龙湖工会驿站', district: '云龙区', capacity: 16, lat: 34.242, lng: 117.262 },
  { id: 'jingkai-xuhai', name: '徐海路工会驿站', district: '徐州经开区', capacity: 14, lat: 34.2771, lng: 117.2688 },
  { id: 'gulou-pengcheng', name: '彭城广场工会驿站', district: '鼓楼区', capacity: 20, lat: 34.264, lng: 117.186 },
];

const year = new Date().getFullYear();
const next = (month: number, day: number) => {
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return date >= new Date().toISOString().slice(0, 10) ? date : `${year + 1}${date.slice(4)}`;
};
/** The coming Monday (local), as YYYY-MM-DD. */
const monday = () => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const days = (8 - now.getUTCDay()) % 7 || 7;
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
};

const riders = {
  zh: '外卖骑手、快递员、网约车司机、网络主播',
  en: 'Riders, couriers, ride-hail drivers, online streamers',
};

function schedules() {
  return [
    {
      title: { zh: '爱心理发', en: 'Free haircut' },
      description: { zh: '志愿者理发师免费理发', en: 'Volunteer barbers, free of charge' },
      target: { kind: 'all' },
      startsLocal: `${monday()}T09:00`,
      endsLocal: `${monday()}T11:00`,
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
    },
    {
      title: { zh: '普法日 · 律师坐诊', en: 'Legal-aid day with volunteer lawyers' },
      description: { zh: '劳动合同、工伤、欠薪问题现场咨询', en: 'Contracts, injuries at work, unpaid wages' },
      target: { kind: 'district', district: '泉山区' },
      startsLocal: `${next(12, 4)}T14:00`,
      endsLocal: `${next(12, 4)}T17:00`,
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=4',
    },
    {
      title: { zh: '冬至包饺子', en: 'Winter Solstice dumplings' },
      description: { zh: '一起包饺子，为女职工送上暖心礼包', en: 'Dumplings together; gift packs for women workers' },
      audience: { zh: '户外劳动者、女职工', en: 'Outdoor workers, women workers' },
      target: { kind: 'all' },
      startsLocal: `${next(12, 21)}T11:00`,
      endsLocal: `${next(12, 21)}T13:30`,
    },
    {
      title: { zh: '腊八送粥', en: 'Laba porridge' },
      target: { kind: 'all' },
      startsLocal: `${next(1, 26)}T07:30`,
      endsLocal: `${next(1, 26)}T10:00`,
    },
    {
      title: { zh: '端午送粽子', en: 'Dragon Boat Festival zongzi' },
      target: { kind: 'all' },
      startsLocal: `${next(6, 19)}T10:00`,
      endsLocal: `${next(6, 19)}T12:00`,
    },
    {
      title: { zh: '国庆礼包', en: 'National Day gift packs' },
      audience: riders,
      bring: { zh: '工会会员码', en: 'Your union member code' },
      target: { kind: 'all' },
      startsLocal: `${next(9, 30)}T09:00`,
      endsLocal: `${next(9, 30)}T17:00`,
    },
  ];
}

export async function seedHubDemo(hub: HubApp, operator: { username: string; password: string }): Promise<void> {
  for (const station of MORE_STATIONS) await hub.admin.ensureStation(station);
  const login = await hub.inject({ method: 'POST', url: '/api/v1/session', payload: operator });
  const cookie = `yz_session=${login.cookies.find((c) => c.name === 'yz_session')?.value}`;
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => {
    const res = await hub.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
    if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.statusCode === 204 ? undefined : res.json();
  };
  // Start from a clean plan at every demo start, as the stations are re-registered too.
  for (const s of (await call('GET', '/api/v1/schedules')).schedules) await call('DELETE', `/api/v1/schedules/${s.id}`);
  for (const a of (await call('GET', '/api/v1/announcements')).announcements) {
    await call('DELETE', `/api/v1/announcements/${a.id}`);
  }
  for (const schedule of schedules()) await call('POST', '/api/v1/schedules', schedule);
  await call('POST', '/api/v1/announcements', {
    text: {
      zh: '冷可取暖、热可纳凉、渴可喝水、累可歇脚 —— 一碗热粥、一杯姜茶，欢迎进站歇脚',
      en: 'Warm when cold, cool when hot, water when thirsty, rest when tired — hot porridge and ginger tea inside',
    },
    target: { kind: 'all' },
    startsAt: new Date().toISOString(),
    endsAt: null,
  });
  await call('PUT', '/api/v1/stations/quanshan-sanbao/services', {
    services: ['water', 'microwave', 'fridge', 'rest', 'charging', 'heating', 'first-aid', 'hot-drinks', 'tv'],
  });
  // Only a hub that runs injury visits (`injuries` in its config) has their routes.
  if (hub.hasRoute({ method: 'GET', url: '/api/v1/injuries' })) await seedInjuryCases(call);
}

const daysAgo = (n: number) => new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);

/** A few injury cases (工伤探视) the first time the demo runs: declared on phones, one already visited. */
async function seedInjuryCases(
  call: (method: 'GET' | 'POST', url: string, payload?: object) => Promise<{ cases: unknown[]; caseId: string }>,
) {
  if ((await call('GET', '/api/v1/injuries')).cases.length > 0) return;
  const declare = (more: object) =>
    call('POST', '/api/v1/injury-declarations', {
      declarant: 'self',
      help: ['condolence'],
      consent: { personal: true, sensitive: true },
      ...more,
    });
  const first = await declare({
    name: '王建国',
    phone: '13912345678',
    enterpriseName: '徐州重工机械厂',
    industry: 'manufacturing',
    post: 'operator',
    cause: 'misoperation',
    injuredOn: daysAgo(20),
    district: '泉山区',
    place: '二号车间冲压线',
    injury: '右手食指骨折',
    via: 'station:quanshan-sanbao',
  });
  await declare({
    name: '李秀英',
    phone: '13600001111',
    enterpriseName: '中建八局徐州项目部',
    industry: 'construction',
    post: 'builder',
    cause: 'fall',
    injuredOn: daysAgo(3),
    district: '鼓楼区',
    place: '三号楼脚手架',
    help: ['condolence', 'legal-aid'],
  });
  await declare({
    declarant: 'colleague',
    declarantName: '赵师傅',
    declarantPhone: '13700000003',
    name: '孙立',
    phone: '13500002222',
    enterpriseName: '美团骑手泉山站',
    industry: 'logistics',
    post: 'delivery',
    cause: 'traffic',
    injuredOn: daysAgo(1),
    district: '泉山区',
    place: '淮海西路与中山路路口',
  });
  const id = first.caseId;
  await call('POST', `/api/v1/injuries/${id}/screening`, { version: 1, eligible: true });
  await call('POST', `/api/v1/injuries/${id}/visits`, {
    version: 2,
    visitedOn: daysAgo(16),
    visitors: ['泉山区总工会 李干事'],
    condolenceYuan: 500,
    legalAid: true,
  });
}

/**
 * The injury-visit service's part of hub.yaml (`injuries:`). Without it the service is off: no routes, no
 * declaration QR in the bundles. The key seals the personal fields and lives only here (from the environment,
 * `${YIZHAN_INJURY_KEY}`), never in the database.
 */
import { z } from 'zod';

/** 32 random bytes, base64: `openssl rand -base64 32`. */
export const sealingKey = z
  .string()
  .trim()
  .refine((text) => {
    const bytes = Buffer.from(text, 'base64');
    return bytes.length === 32 && bytes.toString('base64') === text && bytes.some((b) => b !== 0);
  }, '32 random bytes in base64 (make one with: openssl rand -base64 32)');

const choice = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and -'),
  zh: z.string().trim().min(1).max(40),
  en: z.string().trim().min(1).max(60),
});
export type Choice = z.infer<typeof choice>;

const choices = (defaults: Choice[]) =>
  z
    .array(choice)
    .min(1)
    .max(60)
    .refine((list) => new Set(list.map((c) => c.id)).size === list.length, 'each id once')
    .default(defaults);

export const DEFAULT_CAUSES: Choice[] = [
  { id: 'misoperation', zh: '操作不当', en: 'Misoperation' },
  { id: 'traffic', zh: '交通事故', en: 'Traffic accident' },
  { id: 'machinery', zh: '机械伤害', en: 'Machinery' },
  { id: 'fall', zh: '高处坠落', en: 'Fall from height' },
  { id: 'struck', zh: '物体打击', en: 'Struck by an object' },
  { id: 'other', zh: '其他', en: 'Other' },
];

export const DEFAULT_INDUSTRIES: Choice[] = [
  { id: 'manufacturing', zh: '制造业', en: 'Manufacturing' },
  { id: 'construction', zh: '建筑业', en: 'Construction' },
  { id: 'logistics', zh: '交通运输、仓储和邮政业', en: 'Transport, storage and post' },
  { id: 'retail', zh: '批发和零售业', en: 'Wholesale and retail' },
  { id: 'catering', zh: '住宿和餐饮业', en: 'Hotels and catering' },
  { id: 'services', zh: '居民服务业', en: 'Household services' },
  { id: 'sanitation', zh: '环境卫生', en: 'Sanitation' },
  { id: 'other', zh: '其他', en: 'Other' },
];

export const DEFAULT_POSTS: Choice[] = [
  { id: 'operator', zh: '一线操作工', en: 'Front-line operator' },
  { id: 'builder', zh: '建筑施工人员', en: 'Construction worker' },
  { id: 'driver', zh: '驾驶员', en: 'Driver' },
  { id: 'delivery', zh: '外卖骑手、快递员', en: 'Rider or courier' },
  { id: 'warehouse', zh: '仓储搬运', en: 'Warehouse and handling' },
  { id: 'cleaner', zh: '保洁环卫', en: 'Cleaning and sanitation' },
  { id: 'technician', zh: '技术维修', en: 'Technician' },
  { id: 'office', zh: '管理及办公', en: 'Office and management' },
  { id: 'other', zh: '其他', en: 'Other' },
];

export const injuriesConfigSchema = z.strictObject({
  key: sealingKey,
  /** Keys sealed with before the current one: still opened, never used to seal. */
  previousKeys: z.array(sealingKey).max(10).default([]),
  /** The hub's address as phones reach it: the declaration QR of posters and kiosks points there. */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** The follow-up call is due this many days after the visit. */
  followUpDays: z.number().int().min(1).max(90).default(15),
  /** 仍需治疗: the next call this many days after the last one. */
  repeatFollowUpDays: z.number().int().min(1).max(180).default(15),
  /** 因工伤致残: a visit this many days after the last one. */
  periodicVisitDays: z.number().int().min(7).max(366).default(90),
  /** Personal fields are erased this many months after a case closes; its counts stay. */
  eraseAfterMonths: z.number().int().min(1).max(120).default(12),
  /** How often the hub looks for closed cases due for erasure. */
  eraseCheckSeconds: z.number().min(0.05).max(86_400).default(3600),
  /** An enterprise with at least this many cases in a period is flagged for a risk notice. */
  riskMinCases: z.number().int().min(2).max(1000).default(3),
  causes: choices(DEFAULT_CAUSES),
  industries: choices(DEFAULT_INDUSTRIES),
  posts: choices(DEFAULT_POSTS),
  /**
   * Where a phone's address is read for the declaration limits: the socket, or, behind nginx, the last
   * X-Forwarded-For entry (the address nginx saw). Behind a proxy, `socket` would put every phone in one bucket.
   */
  clientAddress: z.enum(['socket', 'x-forwarded-for']).default('socket'),
  limits: z
    .strictObject({
      /** Declarations from one client address. */
      declarationsPerAddressPerHour: z.number().int().min(1).max(10_000).default(5),
      /** Declarations giving one phone number. */
      declarationsPerPhonePerDay: z.number().int().min(1).max(100).default(3),
      /** Case-number look-ups from one client address (guessing numbers stays slow). */
      lookupsPerAddressPerMinute: z.number().int().min(1).max(10_000).default(20),
    })
    .prefault({}),
});

export type InjuriesConfig = Readonly<z.output<typeof injuriesConfigSchema>>;

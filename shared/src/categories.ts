/** Worker categories a visit is counted under (DESIGN.md, "Member code"). */
export const WORKER_CATEGORIES = ['rider', 'courier', 'driver', 'sanitation', 'construction', 'other'] as const;
export type WorkerCategory = (typeof WORKER_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<WorkerCategory, { zh: string; en: string }> = {
  rider: { zh: '外卖骑手', en: 'Delivery rider' },
  courier: { zh: '快递员', en: 'Courier' },
  driver: { zh: '网约车司机', en: 'Ride-hail driver' },
  sanitation: { zh: '环卫工人', en: 'Sanitation worker' },
  construction: { zh: '建筑工人', en: 'Construction worker' },
  other: { zh: '其他', en: 'Other' },
};

/** How an operator is laid out in a row, the same on every engine. */
import type { Operator, OperatorRole } from './schema.ts';

export interface OperatorRow {
  username: string;
  role: OperatorRole;
  district: string | null;
  city: string | null;
  province: string | null;
}

export const OPERATOR_COLUMNS = 'o.username, o.role, o.district, o.city, o.province';

/** The record, its city and province present only when set (a city hub's viewers have neither). */
export function toOperator(row: OperatorRow): Operator {
  return {
    username: row.username,
    role: row.role,
    district: row.district,
    ...(row.city === null ? {} : { city: row.city }),
    ...(row.province === null ? {} : { province: row.province }),
  };
}

import { parseInput } from '../admin-input.ts';
import type { Clock } from '../clock.ts';
import { HubError } from '../errors.ts';
import type { HubStore } from '../store.ts';
import { hashPassword } from './password.ts';
import { type Operator, type OperatorInput, operatorInput } from './schema.ts';

export interface OperatorAdmin {
  addOperator(input: OperatorInput): Promise<Operator>;
  /** Creates the operator or resets its role and password. */
  ensureOperator(input: OperatorInput): Promise<Operator>;
}

export function operatorAdmin(store: HubStore, clock: Clock): OperatorAdmin {
  const nowIso = () => new Date(clock()).toISOString();
  const toOperator = async (input: OperatorInput) => {
    const parsed = parseInput(operatorInput, input);
    const viewer = parsed.role === 'admin' ? undefined : parsed;
    const operator: Operator = {
      username: parsed.username,
      role: parsed.role,
      district: viewer?.district ?? null,
      ...(viewer?.city === undefined ? {} : { city: viewer.city }),
      ...(viewer?.province === undefined ? {} : { province: viewer.province }),
    };
    return { operator, passwordHash: await hashPassword(parsed.password) };
  };
  return {
    async addOperator(input) {
      const { operator, passwordHash } = await toOperator(input);
      if (!(await store.operators.insert(operator, passwordHash, nowIso()))) {
        throw new HubError('YZ_ERR_OPERATOR_EXISTS', `operator ${operator.username} already exists`);
      }
      return operator;
    },
    async ensureOperator(input) {
      const { operator, passwordHash } = await toOperator(input);
      await store.operators.upsert(operator, passwordHash, nowIso());
      return operator;
    },
  };
}

/** Who may work injury cases, and which: case officers (their district's, or all) and admins. */
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import { HubError } from '../errors.ts';
import { authenticatedOperator, requireOperator, viewerArea } from '../http/principals.ts';
import type { Operator } from '../operators/schema.ts';
import type { HubStore } from '../store.ts';
import type { InjuryCase } from './schema.ts';
import type { CaseScope } from './store.ts';

/** onRequest hook: a case officer's or an admin's session (before the body is read). */
export function requireCaseOfficer(store: HubStore, clock: Clock) {
  const operatorHook = requireOperator(store, clock);
  return async (request: FastifyRequest): Promise<void> => {
    await operatorHook(request);
    const { role } = authenticatedOperator(request);
    if (role !== 'admin' && role !== 'case-officer') {
      throw new HubError('YZ_ERR_FORBIDDEN_ROLE', 'only case officers and admins work injury cases');
    }
  };
}

/** The cases an operator's reads cover: an officer's or a viewer's district; everything for an admin. */
export function caseScopeOf(operator: Operator): CaseScope {
  if (operator.role === 'admin' || operator.district === null) return {};
  return viewerArea(operator);
}

/** A case outside the operator's district is refused, as a station outside a viewer's district is. */
export function assertCaseInScope(operator: Operator, c: InjuryCase): void {
  const scope = caseScopeOf(operator);
  const outside =
    (scope.district !== undefined && scope.district !== c.district) ||
    (scope.city !== undefined && scope.city !== (c.city ?? '')) ||
    (scope.province !== undefined && scope.province !== (c.province ?? ''));
  if (outside) throw new HubError('YZ_ERR_FORBIDDEN_DISTRICT', 'this case is outside your district');
}

/** What the injury-visit tests share: a hub with its operators signed in, and a worker's declaration. */
import { type HubFixture, signIn, startHubFixture } from './hub-fixture.ts';

/** The injured worker of the tests: what must never be found in the database file in plain text. */
export const WORKER = { name: '王建国', phone: '13912345678' };

/** A declaration as the phone page sends it: the worker themselves, at a 泉山区 machine works. */
export function declaration(more: Record<string, unknown> = {}) {
  return {
    declarant: 'self',
    name: WORKER.name,
    phone: WORKER.phone,
    enterpriseName: '徐州重工机械厂',
    industry: 'manufacturing',
    post: 'operator',
    cause: 'machinery',
    injuredOn: '2026-11-25',
    district: '泉山区',
    place: '二号车间冲压线',
    hospital: '徐州市中心医院',
    injury: '右手食指骨折，住院三天',
    help: ['condolence', 'injury-recognition'],
    consent: { personal: true, sensitive: true },
    ...more,
  };
}

export interface InjuryHub {
  hub: HubFixture;
  /** Session cookies: an admin, a 泉山区 case officer, a case officer of every district, a 鼓楼区 one, a viewer. */
  admin: string;
  officer: string;
  officerAll: string;
  gulouOfficer: string;
  viewer: string;
  /** Moves the hub's clock on by whole days, signing everyone in again (sessions last 12 hours). */
  advance(days: number): Promise<void>;
}

export async function startInjuryHub(injuries: Record<string, unknown> = {}): Promise<InjuryHub> {
  const hub = await startHubFixture({ injuries });
  const add = hub.app.admin.addOperator;
  // Side by side: each is a deliberately slow password hash, and the hashes run on libuv's threads.
  await Promise.all([
    add({ username: 'office', password: 'correct horse', role: 'admin' }),
    add({ username: 'officer-li', password: 'case officer', role: 'case-officer', district: '泉山区' }),
    add({ username: 'officer-all', password: 'case officer', role: 'case-officer' }),
    add({ username: 'officer-gulou', password: 'case officer', role: 'case-officer', district: '鼓楼区' }),
    add({ username: 'gulou', password: 'gulou viewer', role: 'district-viewer', district: '鼓楼区' }),
  ]);
  const signInAll = async () => {
    const [admin, officer, officerAll, gulouOfficer, viewer] = await Promise.all([
      signIn(hub.app, 'office', 'correct horse'),
      signIn(hub.app, 'officer-li', 'case officer'),
      signIn(hub.app, 'officer-all', 'case officer'),
      signIn(hub.app, 'officer-gulou', 'case officer'),
      signIn(hub.app, 'gulou', 'gulou viewer'),
    ]);
    return { admin, officer, officerAll, gulouOfficer, viewer };
  };
  const world: InjuryHub = {
    hub,
    ...(await signInAll()),
    async advance(days) {
      hub.clock.now += days * DAY_MS;
      Object.assign(world, await signInAll());
    },
  };
  return world;
}

export function declare(hub: HubFixture, body: unknown, address = '10.1.2.3') {
  return hub.app.inject({
    method: 'POST',
    url: '/api/v1/injury-declarations',
    payload: body as object,
    remoteAddress: address,
  });
}

/** Declares and answers the case number. */
export async function declared(hub: HubFixture, more: Record<string, unknown> = {}, address?: string): Promise<string> {
  const res = await declare(hub, declaration(more), address);
  if (res.statusCode !== 201) throw new Error(`declaration refused: ${res.body}`);
  return res.json().caseId;
}

export function officeCall(hub: HubFixture, cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return hub.app.inject({
    method,
    url,
    headers: { cookie },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** A workflow step on the case's current version. */
export async function step(
  hub: HubFixture,
  cookie: string,
  caseId: string,
  path: string,
  body: Record<string, unknown>,
) {
  const current = await officeCall(hub, cookie, 'GET', `/api/v1/injuries/${caseId}`);
  const version = current.json().case.version;
  return officeCall(hub, cookie, 'POST', `/api/v1/injuries/${caseId}/${path}`, { version, ...body });
}

export const DAY_MS = 86_400_000;

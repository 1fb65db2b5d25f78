import { bundle } from '@yizhan/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HubFixture, STATION_A, STATION_B, startHubFixture } from './hub-fixture.ts';

let hub: HubFixture;
beforeEach(async () => {
  hub = await startHubFixture();
});
afterEach(async () => {
  await hub.close();
});

const getBundle = (id: string, token: string | undefined, headers: Record<string, string> = {}) =>
  hub.app.inject({
    method: 'GET',
    url: `/api/v1/stations/${id}/bundle`,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });

describe('GET /api/v1/stations/:id/bundle', () => {
  it('returns the station’s bundle with the active member key and an ETag of its version', async () => {
    const res = await getBundle(STATION_A.id, hub.tokens.a);
    expect(res.statusCode).toBe(200);
    const body = bundle.parse(res.json());
    const [key] = hub.rows<{ kid: string; public_key: string }>('SELECT kid, public_key FROM member_keys');
    expect(body).toEqual({
      version: expect.stringMatching(/^[A-Za-z0-9_-]{27}$/),
      station: { id: STATION_A.id, name: STATION_A.name, district: STATION_A.district, capacity: 20 },
      memberKeys: [{ kid: key!.kid, alg: 'Ed25519', publicKey: key!.public_key, retired: false }],
      revokedMembers: [],
      announcements: [],
      events: [],
      nearby: [],
      services: [],
      feedbackReplies: [],
    });
    expect(res.headers.etag).toBe(`"${body.version}"`);
    expect(JSON.stringify(body)).not.toContain('PRIVATE');
  });

  it('answers 304 with no body to a matching If-None-Match, and 200 once the content changes', async () => {
    const first = await getBundle(STATION_A.id, hub.tokens.a);
    const etag = first.headers.etag as string;

    const same = await getBundle(STATION_A.id, hub.tokens.a, { 'if-none-match': etag });
    expect(same.statusCode).toBe(304);
    expect(same.body).toBe('');
    expect(same.headers.etag).toBe(etag);
    expect((await getBundle(STATION_A.id, hub.tokens.a, { 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(
      304,
    );
    expect((await getBundle(STATION_A.id, hub.tokens.a, { 'if-none-match': '"stale"' })).statusCode).toBe(200);

    const { kid } = await hub.app.admin.rotateMemberKey();
    const pseudonym = await hub.app.admin.revokeMember('13800000000');
    const changed = await getBundle(STATION_A.id, hub.tokens.a, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    const body = bundle.parse(changed.json());
    expect(body.memberKeys.map((k) => k.kid)).toEqual([first.json().memberKeys[0].kid, kid]);
    expect(body.revokedMembers).toEqual([pseudonym]);
    expect(pseudonym).toMatch(/^m_[A-Za-z0-9_-]{43}$/);
  });

  it('refuses another station’s bundle (403) and requests without a valid token (401)', async () => {
    const other = await getBundle(STATION_B.id, hub.tokens.a);
    expect(other.statusCode).toBe(403);
    expect(other.json()).toEqual({
      error: { code: 'YZ_ERR_FORBIDDEN_STATION', message: 'this token belongs to another station' },
    });
    expect((await getBundle(STATION_A.id, undefined)).statusCode).toBe(401);
    expect((await getBundle(STATION_A.id, hub.tokens.b)).statusCode).toBe(403);
    expect((await getBundle(STATION_A.id, `${hub.tokens.a}x`)).statusCode).toBe(401);
    const badId = await getBundle('Not_A_Station', hub.tokens.a);
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.code).toBe('YZ_ERR_INVALID_PARAMS');
  });
});

import { World } from './support/world';

describe('provider API keys and tenancy', () => {
  let w: World;
  let admin: { token: string };
  let providerA: string;
  let providerB: string;

  beforeAll(async () => {
    w = await World.start({ worker: false });
    admin = await w.signedIn('admin');
    providerA = (await w.provider('Provider A')).id;
    providerB = (await w.provider('Provider B')).id;
  });
  afterAll(() => w.stop());

  it('an admin creates a key, shown once and stored only hashed; it acts for its provider', async () => {
    const created = await w.call('POST', `/admin/providers/${providerA}/api-keys`, { token: admin.token, body: { name: 'MIS export' } });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^pmdp_key_/);
    expect(created.body.keyPrefix).toBe(key.slice(0, 15));

    const org = await w.call('GET', '/provider/organisation', { token: key });
    expect(org.status).toBe(200);
    expect(org.body.id).toBe(providerA);

    const listed = await w.call('GET', `/admin/providers/${providerA}/api-keys`, { token: admin.token });
    const mine = listed.body.find((k: { id: string }) => k.id === created.body.id);
    expect(mine.key).toBeUndefined();
    expect(mine.lastUsedAt).not.toBeNull();

    const [{ n }] = await w.db.query(`SELECT count(*)::int AS n FROM api_key WHERE key_hash::text LIKE $1 OR key_prefix = $2`, [`%${key}%`, key]);
    expect(n).toBe(0);
  });

  it('a revoked key is 401 at once', async () => {
    const created = await w.call('POST', `/admin/providers/${providerA}/api-keys`, { token: admin.token, body: { name: 'old' } });
    expect((await w.call('GET', '/provider/api-keys', { token: created.body.key })).status).toBe(200);
    const revoked = await w.call('DELETE', `/admin/providers/${providerA}/api-keys/${created.body.id}`, { token: admin.token });
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await w.call('GET', '/provider/api-keys', { token: created.body.key })).status).toBe(401);
  });

  it("provider A's user and key get 404 for provider B's key; B's own user can revoke it", async () => {
    const keyOfB = await w.call('POST', `/admin/providers/${providerB}/api-keys`, { token: admin.token, body: { name: 'B key' } });
    const userA = await w.signedIn('provider', { providerId: providerA });
    const keyA = await w.apiKey(providerA, admin.token);

    expect((await w.call('DELETE', `/provider/api-keys/${keyOfB.body.id}`, { token: userA.token })).status).toBe(404);
    const listedByA = await w.call('GET', '/provider/api-keys', { token: keyA });
    expect(listedByA.body.map((k: { id: string }) => k.id)).not.toContain(keyOfB.body.id);
    // A key cannot manage keys at all: that takes a person.
    expect((await w.call('DELETE', `/provider/api-keys/${keyOfB.body.id}`, { token: keyA })).status).toBe(403);

    const userB = await w.signedIn('provider', { providerId: providerB });
    expect((await w.call('DELETE', `/provider/api-keys/${keyOfB.body.id}`, { token: userB.token })).status).toBe(200);
  });

  it('provider users create their own keys', async () => {
    const user = await w.signedIn('provider', { providerId: providerA });
    const created = await w.call('POST', '/provider/api-keys', { token: user.token, body: { name: 'Own key' } });
    expect(created.status).toBe(201);
    expect((await w.call('GET', '/provider/organisation', { token: created.body.key })).body.id).toBe(providerA);
    const audit = await w.call('GET', `/admin/audit?targetId=${created.body.id}`, { token: admin.token });
    expect(audit.body.items[0]).toMatchObject({ action: 'api_key.created', actorId: user.id, actorRole: 'provider' });
  });

  it('a key is not a session: it cannot reach /me or admin routes', async () => {
    const key = await w.apiKey(providerA, admin.token);
    expect((await w.call('GET', '/me', { token: key })).status).toBe(403);
    expect((await w.call('GET', '/admin/providers', { token: key })).status).toBe(403);
  });

  it('a provider with a taken UKPRN or bad fields is refused, naming the field', async () => {
    const { ukprn } = (await w.call('GET', `/admin/providers/${providerA}`, { token: admin.token })).body;
    const dup = await w.call('POST', '/admin/providers', { token: admin.token, body: { name: 'Copy', ukprn } });
    expect(dup.status).toBe(409);
    expect(dup.body.errors).toEqual([{ field: 'ukprn', message: 'is already registered' }]);
    const bad = await w.call('POST', '/admin/providers', { token: admin.token, body: { name: 'X', ukprn: '123' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['name', 'ukprn']);
    expect((await w.call('GET', '/admin/providers/not-a-uuid', { token: admin.token })).body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
  });

  it('an admin invites a provider user by email', async () => {
    const email = `tutor.${Date.now()}@example.org`;
    const res = await w.call('POST', `/admin/providers/${providerA}/users`, { token: admin.token, body: { email, fullName: 'Tam Tutor' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ role: 'provider', providerId: providerA });
    const [{ topic }] = await w.db.query(`SELECT topic FROM outbox WHERE recipient_user_id = $1`, [res.body.id]);
    expect(topic).toBe('account.invitation');
  });
});

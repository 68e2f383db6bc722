import { actorColumns, SYSTEM_ACTOR, type Actor } from './roles';

describe('actorColumns', () => {
  it('records a person by id and role, an API key as provider_api_key, anything else as the system', () => {
    const user: Actor = { kind: 'session', role: 'finance', userId: 'u1', sessionId: 's1' };
    const key: Actor = { kind: 'api_key', role: 'provider', providerId: 'p1', apiKeyId: 'k1' };
    expect(actorColumns(user)).toEqual({ actorId: 'u1', actorRole: 'finance' });
    expect(actorColumns(key)).toEqual({ actorId: 'k1', actorRole: 'provider_api_key' });
    expect(actorColumns(SYSTEM_ACTOR)).toEqual({ actorId: null, actorRole: 'system' });
    expect(actorColumns(null)).toEqual({ actorId: null, actorRole: 'system' });
    expect(actorColumns(undefined)).toEqual({ actorId: null, actorRole: 'system' });
  });
});

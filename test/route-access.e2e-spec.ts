import { Controller, Get, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Role } from '@app/identity';
import { ProfileService } from '@app/intake';
import { goodProfile } from './factories/intake.factory';
import { routeTable, type RouteInfo } from './support/routes';
import { World } from './support/world';

/** Callers: nobody, each role signed in, and a provider API key. */
type Caller = 'anonymous' | Role | 'provider_api_key';
const CALLERS: Caller[] = ['anonymous', 'applicant', 'provider', 'provider_api_key', 'reviewer', 'finance', 'admin'];

/** What a caller should get from a route, from its declared access. */
function expected(route: RouteInfo, caller: Caller): 'allowed' | 401 | 403 {
  const access = route.access!;
  if ('public' in access) return 'allowed';
  if (caller === 'anonymous') return 401;
  if (caller === 'provider_api_key') return access.apiKeys && access.roles.includes('provider') ? 'allowed' : 403;
  return access.roles.includes(caller) ? 'allowed' : 403;
}

describe('every route is authorised', () => {
  let w: World;
  let routes: RouteInfo[];
  const tokens = new Map<Caller, () => Promise<string | undefined>>();

  beforeAll(async () => {
    w = await World.start({ worker: false });
    routes = routeTable(w.api.app);
    const admin = await w.signedIn('admin');
    const provider = await w.provider();
    const key = await w.apiKey(provider.id, admin.token);
    for (const caller of CALLERS) {
      if (caller === 'anonymous') tokens.set(caller, async () => undefined);
      else if (caller === 'provider_api_key') tokens.set(caller, async () => key);
      else {
        const user = await w.user(caller, { providerId: provider.id });
        // An applicant as they usually are: with a profile (GET /me/profile is 404 until there is one).
        if (caller === 'applicant') await w.api.app.get(ProfileService).save({ kind: 'session', role: 'applicant', userId: user.id }, goodProfile());
        // A fresh session per request: some routes (sign-out) end the session they are called with.
        tokens.set(caller, () => w.signIn(user.email));
      }
    }
  });
  afterAll(() => w.stop());

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /health/ready', 'POST /api/v1/auth/login', 'GET /api/v1/admin/audit', 'GET /api/v1/admin/workforce/gap', 'GET /api/v1/admin/workforce/coverage', 'POST /api/v1/skills-audits', 'GET /api/v1/skills-audits/mine']));
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /health/ready', 'POST /api/v1/auth/login', 'GET /api/v1/admin/audit', 'GET /api/v1/admin/priority-settings', 'GET /api/v1/admin/priority-settings/preview', 'PUT /api/v1/admin/priority-settings']));
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['GET /api/v1/admin/reports/durations', 'GET /api/v1/admin/reports/eligibility-rules', 'GET /api/v1/admin/reports/funnel', 'GET /api/v1/admin/reports/providers']),
    );
  });

  it('every route declares who may call it', () => {
    const undeclared = routes.filter((r) => !r.access).map((r) => `${r.method} ${r.path} (${r.handler})`);
    expect(undeclared).toEqual([]);
  });

  it('each role reaches only what it should: 401 anonymous, 403 wrong role, otherwise through', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const path = route.path.replace(/:[A-Za-z]+/g, () => randomUUID());
      for (const caller of CALLERS) {
        const token = await tokens.get(caller)!();
        const res = await w.call(route.method, `${w.api.url}${path}`, { token, body: route.method === 'GET' ? undefined : {} });
        const want = expected(route, caller);
        const ok =
          want === 'allowed'
            ? ![401, 403].includes(res.status) && res.status < 500 && (route.method !== 'GET' || route.path.includes(':') || res.status < 300)
            : res.status === want;
        if (!ok) wrong.push(`${caller} ${route.method} ${route.path}: got ${res.status}, expected ${want}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 600_000); // one sign-in (argon2) per route and caller: about 25 s alone, several times that on a loaded shared machine

  it('the skills audit is for anyone signed in, its start page for anyone', () => {
    const audit = routes.filter((r) => r.path.includes('skills-audit'));
    expect(audit.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /api/v1/skills-audits/mine',
      'GET /portal/skills-audit',
      'GET /portal/skills-audit/:step',
      'GET /portal/skills-audit/check',
      'GET /portal/skills-audit/done',
      'GET /portal/skills-audit/history',
      'POST /api/v1/skills-audits',
      'POST /portal/skills-audit/:step',
      'POST /portal/skills-audit/check',
    ]);
    for (const r of audit) expect(r.access).toEqual(r.path === '/portal/skills-audit' ? { public: true } : { roles: ['applicant', 'provider', 'reviewer', 'finance', 'admin'] });
  });

  it('an applicant gets 403 on every /admin route', async () => {
    const adminRoutes = routes.filter((r) => r.path.startsWith('/api/v1/admin'));
    expect(adminRoutes.length).toBeGreaterThan(10);
    const token = await tokens.get('applicant')!();
    for (const route of adminRoutes) {
      const res = await w.call(route.method, `${w.api.url}${route.path.replace(/:[A-Za-z]+/g, () => randomUUID())}`, {
        token,
        body: route.method === 'GET' ? undefined : {},
      });
      expect(`${route.method} ${route.path} ${res.status}`).toBe(`${route.method} ${route.path} 403`);
    }
  });
});

@Controller('forgotten')
class ForgottenController {
  @Get()
  oops() {
    return { secret: 'anyone could read this' };
  }
}

@Module({ controllers: [ForgottenController] })
class ForgottenModule {}

describe('a route added without an access rule', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.start({ worker: false, imports: [ForgottenModule] });
  });
  afterAll(() => w.stop());

  it('is caught by the route walk and refused to everybody', async () => {
    const undeclared = routeTable(w.api.app).filter((r) => !r.access);
    expect(undeclared.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/forgotten']);
    const admin = await w.signedIn('admin');
    expect((await w.call('GET', '/forgotten')).status).toBe(403);
    expect((await w.call('GET', '/forgotten', { token: admin.token })).status).toBe(403);
  });
});

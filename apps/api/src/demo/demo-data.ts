import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccountsService, SYSTEM_ACTOR, type Role } from '@app/identity';
import { ProvidersService } from '@app/training';

export interface DemoSignIn {
  role: Role;
  email: string;
  password: string;
  fullName: string;
}

/** Invented people and an invented provider: no real person's details. */
const DEMO_PROVIDER = { name: 'Northfield College of Health Management (example)', ukprn: '10000001' };
const DEMO_USERS: DemoSignIn[] = [
  { role: 'admin', email: 'admin@pmdp.example', password: 'demo admin passphrase 2026', fullName: 'Alex Morgan (demo administrator)' },
  { role: 'reviewer', email: 'reviewer@pmdp.example', password: 'demo reviewer passphrase 2026', fullName: 'Jordan Patel (demo reviewer)' },
  { role: 'finance', email: 'finance@pmdp.example', password: 'demo finance passphrase 2026', fullName: 'Casey Williams (demo finance)' },
  { role: 'provider', email: 'provider@pmdp.example', password: 'demo provider passphrase 2026', fullName: 'Robin Hughes (demo provider)' },
  { role: 'applicant', email: 'applicant@pmdp.example', password: 'demo applicant passphrase 2026', fullName: 'Sam Okafor (demo applicant)' },
];

/**
 * Loads the demo data set into an empty database (no user accounts, never
 * loaded before) and returns the sign-in details to print; returns null when
 * there is nothing to do. Later issues add rounds, qualifications and cohorts here.
 */
export async function loadDemoData(app: INestApplicationContext): Promise<DemoSignIn[] | null> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const [{ loaded }] = await dataSource.query(`SELECT EXISTS (SELECT 1 FROM seed_run WHERE name = 'demo') AS loaded`);
  const [{ users }] = await dataSource.query(`SELECT count(*)::int AS users FROM user_account`);
  if (loaded || users > 0) return null;

  const accounts = app.get(AccountsService);
  const provider = await app.get(ProvidersService).create(DEMO_PROVIDER, SYSTEM_ACTOR);
  for (const user of DEMO_USERS) {
    await accounts.createUser({ ...user, providerId: user.role === 'provider' ? provider.id : undefined }, SYSTEM_ACTOR);
  }
  await dataSource.query(`INSERT INTO seed_run (name, summary) VALUES ('demo', $1)`, [
    { users: DEMO_USERS.length, providers: 1 },
  ]);
  return DEMO_USERS;
}

/** The lines printed at start-up for the demo sign-ins. */
export function describeDemoSignIns(users: DemoSignIn[], baseUrl: string): string {
  const lines = users.map((u) => `  ${u.role.padEnd(10)} ${u.email.padEnd(24)} password: ${u.password}`);
  return [`Demo data loaded. Sign in at ${baseUrl}/api/v1/auth/login with:`, ...lines].join('\n');
}

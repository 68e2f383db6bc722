import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@app/config';
import { financialYearOf, PotsService } from '@app/budget';
import { AccountsService, SYSTEM_ACTOR, type Role } from '@app/identity';
import { ProfileService, QualificationsService, RoundsService } from '@app/intake';
import { CohortsService, ProvidersService } from '@app/training';
import { insertDemoPractices } from './demo-practices';
import { loadDemoProgramme } from './demo-programme';

export interface DemoSignIn {
  role: Role;
  email: string;
  password: string;
  fullName: string;
}

/** Invented people and an invented provider: no real person's details. */
const DEMO_PROVIDER = { name: 'Northfield College of Health Management (example)', ukprn: '10000001' };
export const DEMO_USERS: DemoSignIn[] = [
  { role: 'admin', email: 'admin@pmdp.example', password: 'demo admin passphrase 2026', fullName: 'Alex Morgan (demo administrator)' },
  { role: 'reviewer', email: 'reviewer@pmdp.example', password: 'demo reviewer passphrase 2026', fullName: 'Jordan Patel (demo reviewer)' },
  { role: 'finance', email: 'finance@pmdp.example', password: 'demo finance passphrase 2026', fullName: 'Casey Williams (demo finance)' },
  // A second finance user: a payment run built by one must be approved by another.
  { role: 'finance', email: 'finance2@pmdp.example', password: 'demo finance passphrase 2026', fullName: 'Morgan Reid (demo finance approver)' },
  { role: 'provider', email: 'provider@pmdp.example', password: 'demo provider passphrase 2026', fullName: 'Robin Hughes (demo provider)' },
  { role: 'applicant', email: 'applicant@pmdp.example', password: 'demo applicant passphrase 2026', fullName: 'Sam Okafor (demo applicant)' },
];

/** Qualifications of the kind that exist for practice management, levels 3 to 7: examples, not real products. */
const DEMO_QUALIFICATIONS = [
  { title: 'Level 3 Certificate in Primary Care Administration (example)', awardingBody: 'Example Awarding Organisation', level: 3, durationMonths: 9 },
  { title: 'Level 4 Certificate in Primary Care Practice Management (example)', awardingBody: 'Example Awarding Organisation', level: 4, durationMonths: 12 },
  { title: 'Level 5 Diploma in Primary Care Practice Management (example)', awardingBody: 'Example Awarding Organisation', level: 5, durationMonths: 18, startPaymentPercent: 40 },
  { title: 'Level 6 Award in Leading Primary Care Networks (example)', awardingBody: 'Example University', level: 6, durationMonths: 12 },
  { title: 'Level 7 Certificate in Strategic Leadership for Integrated Care (example)', awardingBody: 'Example University', level: 7, durationMonths: 12, startPaymentPercent: 80 },
];


/**
 * Loads the demo data set into an empty database (no user accounts, never
 * loaded before) and returns the sign-in details to print; returns null when
 * there is nothing to do: one provider, a user of each role, example
 * qualifications, a £500,000 bursary pot, an open round and two cohorts; then
 * the programme in progress on top (demo-programme.ts), once.
 */
export async function loadDemoData(app: INestApplicationContext): Promise<DemoSignIn[] | null> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  // Two processes started together on an empty database would both see it empty: the first to take
  // this lock loads, the other waits and then finds the data there.
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock($1)`, [DEMO_DATA_LOCK]);
    const [{ users }] = await dataSource.query(`SELECT count(*)::int AS users FROM user_account`);
    const signIns = (await demoDataLoaded(app)) || users > 0 ? null : await loadInto(app, dataSource);
    // The programme in progress goes on top of the demo data, and on a database loaded before it existed.
    if (signIns || (await demoDataLoaded(app))) await loadDemoProgramme(app);
    return signIns;
  } finally {
    await lock.query(`SELECT pg_advisory_unlock($1)`, [DEMO_DATA_LOCK]).catch(() => undefined);
    await lock.release();
  }
}

/** The advisory lock key that serialises demo loading (the migrations use another). */
const DEMO_DATA_LOCK = 7_364_001;

async function loadInto(app: INestApplicationContext, dataSource: DataSource): Promise<DemoSignIn[]> {

  const config = app.get(AppConfig);
  const accounts = app.get(AccountsService);
  const provider = await app.get(ProvidersService).create(DEMO_PROVIDER, SYSTEM_ACTOR);
  const ids: Record<string, string> = {};
  for (const user of DEMO_USERS) {
    ids[user.role] = (await accounts.createUser({ ...user, providerId: user.role === 'provider' ? provider.id : undefined }, SYSTEM_ACTOR)).id;
  }
  // The demo applicant's profile: an assistant practice manager in Leeds (invented).
  await app.get(ProfileService).save({ kind: 'session', role: 'applicant', userId: ids.applicant }, {
    fullName: 'Sam Okafor',
    dateOfBirth: '1990-06-12',
    postcode: 'LS6 2AB',
    region: 'north_east_and_yorkshire',
    currentRole: 'assistant_practice_manager',
    employerOdsCode: 'B86001',
    yearsInRole: 3,
    highestQualificationLevel: 3,
    hasLevel2EnglishAndMaths: true,
    skills: { finance: 2, hr_workforce: 2, governance_compliance: 3, it_data: 3, contracts_commissioning: 1, leadership_change: 2, patient_services: 4, premises_operations: 2 },
  });
  const qualifications = [];
  for (const q of DEMO_QUALIFICATIONS) qualifications.push(await app.get(QualificationsService).create({ ...q, isExample: true }, SYSTEM_ACTOR));
  const clock = app.get(Clock);
  const year = financialYearOf(clock.now(), config.programme.financialYearStart).label;
  const pot = await app.get(PotsService).create({ name: `Bursaries ${year} (demo)`, financialYear: year, amountPence: 50_000_000, purpose: 'bursaries' }, SYSTEM_ACTOR);
  const now = clock.now().getTime();
  await app.get(RoundsService).create(
    { name: 'Winter bursary round (demo)', opensAt: new Date(now - 30 * 86_400_000), closesAt: new Date(now + 60 * 86_400_000), potId: pot.id, qualificationIds: qualifications.map((q) => q.id) },
    SYSTEM_ACTOR,
  );
  const startDate = new Date(now + 45 * 86_400_000).toISOString().slice(0, 10);
  for (const q of qualifications.slice(1, 3)) {
    await app.get(CohortsService).create({ providerId: provider.id, qualificationId: q.id, startDate, capacity: 20, deliveryMode: 'blended' }, SYSTEM_ACTOR);
  }
  // Invented practices with their networks and ICBs, so a declared conflict of interest shows in the demo:
  // the demo reviewer declares the network of the demo applicant's practice.
  const practices = await insertDemoPractices(dataSource.manager);
  await dataSource.query(`INSERT INTO staff_organisation (user_id, kind, code) VALUES ($1, 'pcn', 'U90001')`, [ids.reviewer]);
  await dataSource.query(`INSERT INTO seed_run (name, summary) VALUES ('demo', $1)`, [
    { users: DEMO_USERS.length, providers: 1, qualifications: qualifications.length, pots: 1, rounds: 1, cohorts: 2, practices },
  ]);
  return DEMO_USERS;
}

/** Whether this database holds the demo data set (loaded on an earlier start). */
export async function demoDataLoaded(app: INestApplicationContext): Promise<boolean> {
  const [{ loaded }] = await app.get<DataSource>(getDataSourceToken()).query(`SELECT EXISTS (SELECT 1 FROM seed_run WHERE name = 'demo') AS loaded`);
  return loaded;
}

/** The lines printed at start-up for the demo sign-ins (`earlier`: loaded on an earlier start, so passwords may have been changed since). */
export function describeDemoSignIns(users: DemoSignIn[], baseUrl: string, earlier = false): string {
  const lines = users.map((u) => `    ${u.role.padEnd(10)} ${u.email.padEnd(24)} password: ${u.password}`);
  return [
    `  ${earlier ? 'Demo sign-ins (loaded on an earlier start; passwords as first set)' : 'Demo sign-ins'} at ${baseUrl}/portal/sign-in, or POST ${baseUrl}/api/v1/auth/login:`,
    ...lines,
  ].join('\n');
}

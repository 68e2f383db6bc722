import { base, en, en_GB, Faker } from '@faker-js/faker';
import type { WorkforceFramework } from '@app/config';
import { demoIcbs, demoPractices } from './demo-practices';

/**
 * The invented people of the demo programme, made by faker's en_GB locale from a fixed seed,
 * so every load (and every machine) makes the same people: their profile, their skills this
 * audit year and, for some, last year's.
 */
export interface DemoPerson {
  email: string;
  fullName: string;
  dateOfBirth: string;
  postcode: string;
  region: string;
  role: string;
  odsCode: string | null;
  yearsInRole: number;
  highestLevel: number;
  hasLevel2: boolean;
  skills: Record<string, number>;
  /** Last audit year's self-assessment, a little lower: null when this person did not answer last year. */
  lastYearSkills: Record<string, number> | null;
}

export const DEMO_SEED = 20261117;

/** Where people work: more in the bigger regions, every region present. */
const REGION_WEIGHTS: Record<string, number> = {
  north_east_and_yorkshire: 16,
  north_west: 15,
  midlands: 18,
  east_of_england: 12,
  london: 16,
  south_east: 14,
  south_west: 9,
};

const ROLE_WEIGHTS: Record<string, number> = {
  school_leaver: 4,
  not_in_general_practice: 6,
  receptionist_or_administrator: 28,
  assistant_practice_manager: 30,
  practice_manager: 20,
  business_or_network_manager: 8,
  other: 4,
};

/** Where each competency tends to sit for everyone (finance and contracts lowest: the gap the programme exists for). */
const COMPETENCY_MEAN: Record<string, number> = {
  finance: 1.9,
  hr_workforce: 2.3,
  governance_compliance: 2.6,
  it_data: 2.7,
  contracts_commissioning: 1.7,
  leadership_change: 2.2,
  patient_services: 3.1,
  premises_operations: 2.4,
};

const ROLE_LIFT: Record<string, number> = { practice_manager: 0.7, business_or_network_manager: 0.8, assistant_practice_manager: 0.3, receptionist_or_administrator: -0.2, school_leaver: -0.8, not_in_general_practice: -0.5, other: -0.3 };

/** Region by region, a little better or worse in some competencies, so the heatmap has a shape. */
const REGION_LIFT: Record<string, Partial<Record<string, number>>> = {
  south_west: { finance: -0.5, contracts_commissioning: -0.4 },
  midlands: { it_data: -0.4, hr_workforce: -0.3 },
  london: { finance: 0.3, leadership_change: 0.3 },
  north_east_and_yorkshire: { governance_compliance: -0.4 },
};

export function demoFaker(seed = DEMO_SEED): Faker {
  const faker = new Faker({ locale: [en_GB, en, base] });
  faker.seed(seed);
  return faker;
}

const clamp = (n: number) => Math.max(1, Math.min(4, Math.round(n)));

function weighted(faker: Faker, weights: Record<string, number>): string {
  return faker.helpers.weightedArrayElement(Object.entries(weights).map(([value, weight]) => ({ value, weight })));
}

/** `count` people, made from `faker` (seeded), as of `now`; `tag` keeps emails of different groups apart. */
export function demoPeople(faker: Faker, workforce: WorkforceFramework, count: number, now: Date, tag: string, options: { roles?: Record<string, number>; lastYearShare?: number } = {}): DemoPerson[] {
  const competencies = workforce.competencies.map((c) => c.code);
  const people: DemoPerson[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const region = weighted(faker, REGION_WEIGHTS);
    const role = weighted(faker, options.roles ?? ROLE_WEIGHTS);
    const inPractice = !['school_leaver', 'not_in_general_practice', 'other'].includes(role);
    const icbs = demoIcbs().filter((c) => c.region === region);
    const icb = faker.helpers.arrayElement(icbs);
    const practices = demoPractices().filter((p) => p.icbCode === icb.code);
    // About one in ten working in a practice gives no ODS code: they are placed by the region they declare.
    const odsCode = inPractice && faker.number.float() > 0.1 ? faker.helpers.arrayElement(practices).odsCode : null;
    const age = role === 'school_leaver' ? faker.number.int({ min: 17, max: 19 }) : faker.number.int({ min: 22, max: 62 });
    const born = new Date(Date.UTC(now.getUTCFullYear() - age - 1, faker.number.int({ min: 0, max: 11 }), faker.number.int({ min: 1, max: 28 })));
    const skills: Record<string, number> = {};
    for (const c of competencies) skills[c] = clamp(COMPETENCY_MEAN[c] + (ROLE_LIFT[role] ?? 0) + (REGION_LIFT[region]?.[c] ?? 0) + faker.number.float({ min: -1, max: 1 }));
    const answeredLastYear = faker.number.float() < (options.lastYearShare ?? 0.4);
    const lastYearSkills = answeredLastYear ? Object.fromEntries(competencies.map((c) => [c, clamp(skills[c] - faker.number.float({ min: 0, max: 1.2 }))])) : null;
    const local = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '');
    people.push({
      email: `${local}.${tag}${i + 1}@example.org`,
      fullName: `${firstName} ${lastName}`,
      dateOfBirth: born.toISOString().slice(0, 10),
      postcode: `${icb.postcodeArea}${faker.number.int({ min: 1, max: 19 })} ${faker.number.int({ min: 1, max: 9 })}${faker.string.alpha({ length: 2, casing: 'upper', exclude: ['C', 'I', 'K', 'M', 'O', 'V'] })}`,
      region,
      role,
      odsCode,
      yearsInRole: role === 'school_leaver' ? 0 : faker.number.int({ min: 0, max: 20 }),
      highestLevel: faker.helpers.weightedArrayElement([
        { value: 2, weight: 30 },
        { value: 3, weight: 45 },
        { value: 4, weight: 15 },
        { value: 5, weight: 10 },
      ]),
      hasLevel2: faker.number.float() > 0.08,
      skills,
      lastYearSkills,
    });
  }
  return people;
}

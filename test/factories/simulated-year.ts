import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '@app/identity';
import { QualificationsService } from '@app/intake';
import type { World } from '../support/world';

/**
 * A simulated programme, applicant by applicant, with a fixed random seed:
 * rounds take submissions, eligibility, review, offers, acceptances,
 * placements on monthly cohorts, starts, withdrawals during training (more of
 * them early), fails and passes reported a little after the qualification's
 * length. Each person's whole story is drawn up front, so what happens after
 * any date is the simulation's own outcome, never the forecast's formula.
 * `seedUpTo` writes only what had happened by a date.
 */

const DAY = 86_400_000;

export interface SimRound {
  name: string;
  opensAt: string;
  closesAt: string;
}

export interface SimPerson {
  qualificationMonths: number;
  submittedAt: number;
  /** [to status, at] in order, starting with submitted. */
  steps: [string, number][];
  enrolment?: {
    placedAt: number;
    cohortStart: string;
    /** Set when the learner starts (the cohort's start date). */
    startedOn?: string;
    /** Withdrawn (before or after the start), at. */
    withdrawnAt?: number;
    completedOn?: string;
    outcome?: 'passed' | 'failed';
  };
}

export interface SimOptions {
  seed: number;
  rounds: SimRound[];
  perRound: number;
  /** Share of applicants on 18-month qualifications (the rest 12). */
  longShare: number;
}

/** A small, seeded generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return iso(Date.UTC(y, m - 1 + months, d));
}
function firstOfNextMonth(ms: number): string {
  const d = new Date(ms);
  return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/** Draws every applicant's story. */
export function simulateProgramme(o: SimOptions): SimPerson[] {
  const rnd = random(o.seed);
  const between = (lo: number, hi: number) => lo + rnd() * (hi - lo);
  const people: SimPerson[] = [];
  for (const round of o.rounds) {
    const opens = Date.parse(round.opensAt);
    const closes = Date.parse(round.closesAt);
    for (let i = 0; i < o.perRound; i++) {
      const submittedAt = Math.floor(between(opens, closes));
      const months = rnd() < o.longShare ? 18 : 12;
      const steps: [string, number][] = [['submitted', submittedAt]];
      const person: SimPerson = { qualificationMonths: months, submittedAt, steps };
      people.push(person);
      let t = submittedAt + 60_000;
      if (rnd() >= 0.85) {
        steps.push(['ineligible', t]);
        continue;
      }
      steps.push(['under_review', t]);
      t += between(10, 40) * DAY;
      if (rnd() >= 0.75) {
        steps.push([rnd() < 0.8 ? 'rejected' : 'withdrawn', t]);
        continue;
      }
      steps.push(['offered', t]);
      t += between(2, 14) * DAY;
      const answer = rnd();
      if (answer >= 0.85) {
        steps.push([answer < 0.95 ? 'declined' : 'expired', t]);
        continue;
      }
      steps.push(['accepted', t]);
      t += between(5, 30) * DAY;
      if (rnd() >= 0.95) {
        steps.push(['withdrawn', t]);
        continue;
      }
      steps.push(['enrolled', t]);
      const cohortStart = firstOfNextMonth(t + 14 * DAY);
      const enrolment: NonNullable<SimPerson['enrolment']> = { placedAt: t, cohortStart };
      person.enrolment = enrolment;
      if (rnd() >= 0.92) {
        enrolment.withdrawnAt = Date.parse(cohortStart) - Math.floor(between(1, 10)) * DAY;
        steps.push(['withdrawn', enrolment.withdrawnAt]);
        continue;
      }
      enrolment.startedOn = cohortStart;
      const start = Date.parse(cohortStart);
      const end = Date.parse(addMonths(cohortStart, months));
      const fate = rnd();
      if (fate < 0.15) {
        // Withdrawals come earlier in the course more often than later.
        enrolment.withdrawnAt = Math.floor(start + (end - start) * rnd() ** 1.3);
        steps.push(['withdrawn', enrolment.withdrawnAt]);
        continue;
      }
      const reported = end + Math.floor(between(0, 40)) * DAY;
      enrolment.completedOn = iso(reported);
      enrolment.outcome = fate < 0.2 ? 'failed' : 'passed';
      steps.push([enrolment.outcome === 'passed' ? 'completed' : 'not_passed', reported]);
    }
  }
  return people;
}

/** Passes the simulation reports from `from` (inclusive) to `to` (inclusive), YYYY-MM-DD. */
export function simulatedPasses(people: SimPerson[], from: string, to: string): number {
  return people.filter((p) => p.enrolment?.outcome === 'passed' && p.enrolment.completedOn! >= from && p.enrolment.completedOn! <= to).length;
}

/**
 * Writes the programme as it stood just before `cutoff`: applicants, rounds, two
 * qualifications (12 and 18 months), one provider, monthly cohorts,
 * applications with their transitions up to then, and enrolments as they
 * stood then. Returns the qualification ids.
 */
export async function seedUpTo(w: World, people: SimPerson[], rounds: SimRound[], cutoff: number): Promise<{ twelve: string; eighteen: string }> {
  const quals = w.api.app.get(QualificationsService);
  const make = (months: number) =>
    quals.create({ title: `Level 5 Diploma in Practice Management, ${months} months (example)`, awardingBody: 'Example Awarding Body', level: 5, durationMonths: months, isExample: true }, SYSTEM_ACTOR);
  const twelve = (await make(12)).id;
  const eighteen = (await make(18)).id;
  const qualificationOf = (months: number) => (months === 18 ? eighteen : twelve);
  const [{ id: providerId }] = await w.db.query(`INSERT INTO training_provider (name, ukprn) VALUES ('Simulated College', '10099999') RETURNING id`);
  const roundIds: string[] = [];
  for (const r of rounds) {
    const [{ id }] = await w.db.query(`INSERT INTO funding_round (name, opens_at, closes_at, rule_set_version) VALUES ($1, $2, $3, '2026-01') RETURNING id`, [r.name, r.opensAt, r.closesAt]);
    roundIds.push(id);
  }
  const roundOf = (at: number) => roundIds[rounds.findIndex((r) => Date.parse(r.opensAt) <= at && at <= Date.parse(r.closesAt))];

  const cohorts = new Map<string, { id: string; qualificationId: string; startDate: string; places: number }>();
  const apps: object[] = [];
  const transitions: object[] = [];
  const enrolments: object[] = [];
  people
    .filter((p) => p.submittedAt < cutoff)
    .forEach((p, i) => {
      const id = randomUUID();
      const steps = p.steps.filter(([, at]) => at < cutoff);
      let from: string | null = 'draft';
      transitions.push({ application_id: id, from_status: null, to_status: 'draft', at: new Date(p.submittedAt - DAY).toISOString() });
      for (const [to, at] of steps) {
        transitions.push({ application_id: id, from_status: from, to_status: to, at: new Date(at).toISOString() });
        from = to;
      }
      apps.push({ id, n: i, round_id: roundOf(p.submittedAt), qualification_id: qualificationOf(p.qualificationMonths), status: from, submitted_at: new Date(p.submittedAt).toISOString() });
      const e = p.enrolment;
      if (!e || e.placedAt >= cutoff) return;
      const key = `${p.qualificationMonths}:${e.cohortStart}`;
      const cohort = cohorts.get(key) ?? { id: randomUUID(), qualificationId: qualificationOf(p.qualificationMonths), startDate: e.cohortStart, places: 0 };
      cohort.places++;
      cohorts.set(key, cohort);
      const started = e.startedOn !== undefined && Date.parse(e.startedOn) < cutoff;
      const withdrawn = e.withdrawnAt !== undefined && e.withdrawnAt < cutoff;
      const completed = e.completedOn !== undefined && Date.parse(e.completedOn) < cutoff;
      enrolments.push({
        application_id: id,
        cohort_id: cohort.id,
        status: withdrawn ? 'withdrawn' : completed ? 'completed' : started ? 'started' : 'placed',
        start_date: started ? e.startedOn : null,
        outcome: completed ? e.outcome : null,
        completed_on: completed ? e.completedOn : null,
        created_at: new Date(e.placedAt).toISOString(),
      });
    });

  await w.db.query(
    `INSERT INTO user_account (email, full_name, role, email_verified_at)
     SELECT 'sim.' || i || '@example.org', 'Simulated applicant ' || i, 'applicant', now() FROM generate_series(0, $1::int - 1) AS i`,
    [apps.length],
  );
  await w.db.query(
    `INSERT INTO application (id, reference, applicant_id, round_id, qualification_id, status, submitted_at)
     SELECT x.id, 'PMB-SIM-' || x.n, u.id, x.round_id, x.qualification_id, x.status, x.submitted_at
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, n int, round_id uuid, qualification_id uuid, status text, submitted_at timestamptz)
     JOIN user_account u ON u.email = 'sim.' || x.n || '@example.org'`,
    [JSON.stringify(apps)],
  );
  await w.db.query(
    `INSERT INTO application_transition (application_id, from_status, to_status, actor_role, at)
     SELECT x.application_id, x.from_status, x.to_status, 'system', x.at FROM jsonb_to_recordset($1::jsonb) AS x(application_id uuid, from_status text, to_status text, at timestamptz)`,
    [JSON.stringify(transitions)],
  );
  await w.db.query(
    `INSERT INTO cohort (id, provider_id, qualification_id, name, start_date, capacity, places_taken, delivery_mode)
     SELECT x.id, $2, x.qualification_id, 'Cohort ' || x.start_date, x.start_date, 1000, x.places, 'blended'
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, qualification_id uuid, start_date date, places int)`,
    [JSON.stringify([...cohorts.values()].map((c) => ({ id: c.id, qualification_id: c.qualificationId, start_date: c.startDate, places: c.places }))), providerId],
  );
  await w.db.query(
    `INSERT INTO enrolment (application_id, cohort_id, provider_id, status, start_date, outcome, completed_on, created_at)
     SELECT x.application_id, x.cohort_id, $2, x.status, x.start_date, x.outcome, x.completed_on, x.created_at
     FROM jsonb_to_recordset($1::jsonb) AS x(application_id uuid, cohort_id uuid, status text, start_date date, outcome text, completed_on date, created_at timestamptz)`,
    [JSON.stringify(enrolments), providerId],
  );
  return { twelve, eighteen };
}

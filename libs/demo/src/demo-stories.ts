import type { Faker } from '@faker-js/faker';
import type { DemoPerson } from './demo-people';

/**
 * What happens to each demo application, from the draft to the outcome: its round, the status
 * it ends in, its learner's enrolment, when each step happened, and the moves the history
 * shows. `submitted` never appears as a final status: the eligibility engine decides at once
 * (under review, referred or ineligible).
 */
const DAY = 86_400_000;

export type RoundKey = 'previous' | 'spring' | 'winter';
export type CohortGroup = 'prev_short' | 'prev_long' | 'current' | 'future';

export interface Timeline {
  created: Date;
  submitted?: Date;
  decided?: Date;
  offered?: Date;
  answered?: Date;
  released?: Date;
  placed?: Date;
  started?: Date;
  finished?: Date;
  appealed?: Date;
  last: Date;
}

export interface Move {
  from: string | null;
  to: string;
  by: 'applicant' | 'staff' | 'system' | 'provider';
  reason?: string;
  at: Date;
}

export interface Story {
  round: RoundKey;
  status: string;
  eligibility?: 'eligible' | 'refer' | 'ineligible';
  supportNamed: boolean;
  cohort?: CohortGroup;
  enrolment?: 'placed' | 'started' | 'deferred' | 'withdrawn' | 'completed';
  outcome?: 'passed' | 'failed';
  appeal?: boolean;
  /** Makes the person fit the story (an ineligible applicant is not in general practice, an eligible one is). */
  fix?: (p: DemoPerson) => void;
  timeline(f: Faker, opens: Date, cohortStart: Date | undefined, months: number, now: Date): Timeline;
  moves(t: Timeline): Move[];
}

/** How many applications tell each story, round by round (about 300 in all). */
const PLAN: [RoundKey, string, number][] = [
  ['previous', 'completed', 45], ['previous', 'not_passed', 8], ['previous', 'in_training_long', 22], ['previous', 'deferred_long', 3], ['previous', 'withdrawn_in_training', 8],
  ['previous', 'declined', 5], ['previous', 'expired', 3], ['previous', 'rejected', 12], ['previous', 'ineligible', 8], ['previous', 'withdrawn_in_review', 3],
  ['spring', 'in_training', 40], ['spring', 'deferred', 2], ['spring', 'withdrawn_in_training_current', 5], ['spring', 'placed', 25], ['spring', 'accepted', 8],
  ['spring', 'declined', 5], ['spring', 'withdrawn_after_offer', 3], ['spring', 'waitlisted', 8], ['spring', 'rejected', 8], ['spring', 'ineligible', 6],
  ['winter', 'draft', 15], ['winter', 'under_review', 25], ['winter', 'referred', 10], ['winter', 'ineligible', 6], ['winter', 'offered', 12],
  ['winter', 'rejected', 3], ['winter', 'appealed', 2], ['winter', 'withdrawn_in_review', 2],
];

/** Every application's story name, as `round:story`, interleaved so neighbours differ. */
export const STORIES: string[] = (() => {
  const all = PLAN.flatMap(([round, story, n]) => Array.from({ length: n }, (_, i) => ({ key: `${round}:${story}`, order: (i + 0.5) / n })));
  return all.sort((a, b) => a.order - b.order || a.key.localeCompare(b.key)).map((s) => s.key);
})();

const IN_PRACTICE = ['receptionist_or_administrator', 'assistant_practice_manager', 'practice_manager', 'business_or_network_manager'];
// 'other' counts as a career changer, so it passes; a school leaver needs Level 2 English and maths not to be referred.
const eligible = (p: DemoPerson) => {
  if (p.role === 'school_leaver') p.hasLevel2 = true;
};
const referable = (p: DemoPerson) => {
  if (!IN_PRACTICE.includes(p.role)) p.role = 'assistant_practice_manager';
};
/** Lives and works in Wales (outside the programme): the rule that turns most applicants down in the demo. */
let welsh = 0;
const ineligible = (p: DemoPerson) => {
  welsh++;
  p.postcode = `${['LL', 'CF', 'SA', 'NP'][welsh % 4]}${1 + (welsh % 9)} ${1 + (welsh % 7)}AB`;
  p.odsCode = `W9${String(1000 + welsh).slice(-4)}`;
};

const plus = (d: Date, days: number) => new Date(d.getTime() + days * DAY);
const within = (f: Faker, d: Date, min: number, max: number) => plus(d, f.number.float({ min, max }));
const earliest = (...ds: Date[]) => new Date(Math.min(...ds.map((d) => d.getTime())));

/** Steps every submitted application shares: created, submitted (the winter round's earlier, so its decisions fit before today). */
function opening(f: Faker, opens: Date, round: RoundKey): Timeline {
  const created = within(f, opens, 0.2, round === 'winter' ? 16 : 20);
  const submitted = within(f, created, 0.05, 2.5);
  return { created, submitted, last: submitted };
}

function decided(f: Faker, t: Timeline, now: Date, round: RoundKey): Date {
  return round === 'winter' ? earliest(within(f, t.submitted!, 3, 12), plus(now, -1.5)) : within(f, t.submitted!, 6, 20);
}

const start = (t: Timeline): Move[] => [
  { from: null, to: 'draft', by: 'applicant', at: t.created },
  { from: 'draft', to: 'submitted', by: 'applicant', at: t.submitted! },
];

function make(key: string): Story {
  const [round, story] = key.split(':') as [RoundKey, string];
  const base = { round, supportNamed: true, eligibility: 'eligible' as const, fix: eligible };
  const reviewed = (to: string, reason: string): Move[] => [{ from: 'submitted', to: 'under_review', by: 'system', reason: 'eligibility_eligible', at: new Date(0) }, { from: 'under_review', to, by: 'staff', reason, at: new Date(0) }];
  const withTimes = (t: Timeline, moves: Move[]) => {
    // Fills in the review moves' times: the eligibility decision at submission, the reviewer's at the decision.
    for (const m of moves) if (m.at.getTime() === 0) m.at = m.from === 'submitted' ? t.submitted! : t.decided!;
    return moves;
  };
  const offeredPath = (f: Faker, opens: Date, now: Date): Timeline => {
    const t = opening(f, opens, round);
    t.decided = t.offered = decided(f, t, now, round);
    t.last = t.offered;
    return t;
  };
  const learner = (enrolment: Story['enrolment'], cohort: CohortGroup, outcome?: Story['outcome']): Story => ({
    ...base,
    status: outcome === 'passed' ? 'completed' : outcome === 'failed' ? 'not_passed' : enrolment === 'withdrawn' ? 'withdrawn' : 'enrolled',
    cohort,
    enrolment: outcome ? 'completed' : enrolment,
    outcome,
    timeline: (f, opens, cohortStart, months, now) => {
      const t = offeredPath(f, opens, now);
      t.answered = within(f, t.offered!, 1, 9);
      t.placed = within(f, t.answered, 1, 8);
      t.last = t.placed;
      if (enrolment !== 'placed') {
        t.started = cohortStart!;
        if (outcome) t.finished = earliest(within(f, cohortStart!, months * 30.4, months * 30.4 + 25), plus(now, -1));
        else if (enrolment === 'withdrawn') t.finished = earliest(within(f, cohortStart!, 30, 100), plus(now, -1));
        else if (enrolment === 'deferred') t.finished = earliest(within(f, cohortStart!, 30, 90), plus(now, -1));
        t.last = t.finished ?? plus(t.started, 3);
      }
      return t;
    },
    moves: (t) =>
      withTimes(t, [
        ...start(t),
        ...reviewed('offered', 'meets_criteria'),
        { from: 'offered', to: 'accepted', by: 'applicant', at: t.answered! },
        { from: 'accepted', to: 'enrolled', by: 'staff', at: t.placed! },
        ...(outcome === 'passed' ? [{ from: 'enrolled', to: 'completed', by: 'provider' as const, reason: 'qualification_passed', at: t.finished! }] : []),
        ...(outcome === 'failed' ? [{ from: 'enrolled', to: 'not_passed', by: 'provider' as const, reason: 'qualification_not_passed', at: t.finished! }] : []),
        ...(enrolment === 'withdrawn' ? [{ from: 'enrolled', to: 'withdrawn', by: 'provider' as const, reason: 'learner_withdrew', at: t.finished! }] : []),
      ]),
  });
  switch (story) {
    case 'draft':
      return { ...base, status: 'draft', eligibility: undefined, supportNamed: false, fix: undefined, timeline: (f, opens, _c, _m, now) => {
          const created = within(f, opens, 0.5, Math.min(29, (now.getTime() - opens.getTime()) / DAY - 0.5));
          return { created, last: created };
        }, moves: (t) => [{ from: null, to: 'draft', by: 'applicant', at: t.created }] };
    case 'ineligible':
      return { ...base, status: 'ineligible', eligibility: 'ineligible', fix: ineligible, timeline: (f, opens) => opening(f, opens, round), moves: (t) => [...start(t), { from: 'submitted', to: 'ineligible', by: 'system', reason: 'eligibility_ineligible', at: t.submitted! }] };
    case 'referred':
      return { ...base, status: 'referred', eligibility: 'refer', supportNamed: false, fix: referable, timeline: (f, opens) => opening(f, opens, round), moves: (t) => [...start(t), { from: 'submitted', to: 'referred', by: 'system', reason: 'eligibility_refer', at: t.submitted! }] };
    case 'under_review':
      return { ...base, status: 'under_review', timeline: (f, opens) => opening(f, opens, round), moves: (t) => [...start(t), { from: 'submitted', to: 'under_review', by: 'system', reason: 'eligibility_eligible', at: t.submitted! }] };
    case 'withdrawn_in_review':
      return {
        ...base,
        status: 'withdrawn',
        timeline: (f, opens, _c, _m, now) => {
          const t = opening(f, opens, round);
          t.decided = decided(f, t, now, round);
          t.last = t.decided;
          return t;
        },
        moves: (t) => withTimes(t, [...start(t), { from: 'submitted', to: 'under_review', by: 'system', reason: 'eligibility_eligible', at: new Date(0) }, { from: 'under_review', to: 'withdrawn', by: 'applicant', reason: 'withdrawn_by_applicant', at: t.decided! }]),
      };
    case 'rejected':
    case 'waitlisted':
    case 'appealed':
      return {
        ...base,
        status: story,
        appeal: story === 'appealed',
        timeline: (f, opens, _c, _m, now) => {
          const t = opening(f, opens, round);
          t.decided = story === 'appealed' ? earliest(within(f, t.submitted!, 2, 6), plus(now, -3)) : decided(f, t, now, round);
          t.appealed = story === 'appealed' ? within(f, t.decided, 1, 2) : undefined;
          t.last = t.appealed ?? t.decided;
          return t;
        },
        moves: (t) =>
          withTimes(t, [
            ...start(t),
            ...reviewed(story === 'waitlisted' ? 'waitlisted' : 'rejected', story === 'waitlisted' ? 'awaiting_funds' : 'not_a_programme_priority'),
            ...(t.appealed ? [{ from: 'rejected', to: 'appealed', by: 'applicant' as const, at: t.appealed }] : []),
          ]),
      };
    case 'offered':
      return { ...base, status: 'offered', timeline: (f, opens, _c, _m, now) => offeredPath(f, opens, now), moves: (t) => withTimes(t, [...start(t), ...reviewed('offered', 'meets_criteria')]) };
    case 'declined':
    case 'expired':
    case 'withdrawn_after_offer':
      return {
        ...base,
        status: story === 'withdrawn_after_offer' ? 'withdrawn' : story,
        timeline: (f, opens, _c, _m, now) => {
          const t = offeredPath(f, opens, now);
          t.answered = t.released = story === 'expired' ? plus(t.offered!, 14.05) : within(f, t.offered!, 1, 10);
          t.last = t.answered;
          return t;
        },
        moves: (t) =>
          withTimes(t, [
            ...start(t),
            ...reviewed('offered', 'meets_criteria'),
            story === 'expired'
              ? { from: 'offered', to: 'expired', by: 'system', reason: 'offer_not_accepted_in_time', at: t.answered! }
              : { from: 'offered', to: story === 'declined' ? 'declined' : 'withdrawn', by: 'applicant', reason: story === 'declined' ? undefined : 'withdrawn_by_applicant', at: t.answered! },
          ]),
      };
    case 'accepted':
      return {
        ...base,
        status: 'accepted',
        timeline: (f, opens, _c, _m, now) => {
          const t = offeredPath(f, opens, now);
          t.answered = t.last = within(f, t.offered!, 1, 10);
          return t;
        },
        moves: (t) => withTimes(t, [...start(t), ...reviewed('offered', 'meets_criteria'), { from: 'offered', to: 'accepted', by: 'applicant', at: t.answered! }]),
      };
    case 'placed':
      return learner('placed', 'future');
    case 'in_training':
      return learner('started', 'current');
    case 'in_training_long':
      return learner('started', 'prev_long');
    case 'deferred':
      return learner('deferred', 'current');
    case 'deferred_long':
      return learner('deferred', 'prev_long');
    case 'withdrawn_in_training':
      return learner('withdrawn', 'prev_short');
    case 'withdrawn_in_training_current':
      return learner('withdrawn', 'current');
    case 'completed':
      return learner('completed', 'prev_short', 'passed');
    case 'not_passed':
      return learner('completed', 'prev_short', 'failed');
    default:
      throw new Error(`No demo story ${story}`);
  }
}

const made = new Map<string, Story>();
/** The story called `key` (`round:story`). */
export function storyOf(key: string): Story {
  let s = made.get(key);
  if (!s) made.set(key, (s = make(key)));
  return s;
}

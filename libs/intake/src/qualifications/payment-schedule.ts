import type { FieldProblem } from '@app/http';

/**
 * The progress milestones a schedule may pay on: the ones a provider reports
 * as progress. (`started` is the start itself and `completed` is the pass,
 * each a stage of its own.) Listed in the order a learner reaches them; the
 * training lib's report rules use the same words.
 */
export const PAYMENT_MILESTONES = ['mid_point', 'assessment_passed'] as const;
export type PaymentMilestone = (typeof PAYMENT_MILESTONES)[number];

export const STAGE_KINDS = ['start', 'milestone', 'pass'] as const;

/** One stage of a qualification's payment schedule: when it falls due and what share of the bursary it pays. */
export type PaymentStage = { on: 'start'; percent: number } | { on: 'milestone'; milestone: PaymentMilestone; percent: number } | { on: 'pass'; percent: number };

/** The stages in order: the start, zero or more progress milestones, the pass; the percents make 100. */
export type PaymentSchedule = PaymentStage[];

/** The schedule a pair of start and completion percents always meant: the start, then the pass. */
export function twoStageSchedule(startPercent: number): PaymentSchedule {
  return [
    { on: 'start', percent: startPercent },
    { on: 'pass', percent: 100 - startPercent },
  ];
}

/** The start stage's share (what the forecast and the pipeline read as "paid on start"). */
export const startPercentOf = (schedule: PaymentSchedule): number => schedule.find((s) => s.on === 'start')?.percent ?? 0;

const whole = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 100;

/**
 * What is wrong with a schedule, each problem naming its field
 * (`paymentSchedule[1].percent`): it starts with the start, ends with the pass,
 * and between them names progress milestones, each once, in the order a
 * learner reaches them; every percent is whole, 0 to 100, and together they
 * make exactly 100.
 */
export function paymentScheduleProblems(input: unknown, field = 'paymentSchedule'): FieldProblem[] {
  if (!Array.isArray(input)) return [{ field, message: 'must be a list of stages: the start, any milestones, then the pass' }];
  const problems: FieldProblem[] = [];
  const last = input.length - 1;
  if (input.length < 2) problems.push({ field, message: 'must have at least a start stage and a pass stage' });
  const seen = new Set<string>();
  let lastMilestoneIndex = -1;
  input.forEach((raw, i) => {
    const at = `${field}[${i}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push({ field: at, message: 'must be a stage: { on, milestone?, percent }' });
      return;
    }
    const stage = raw as Record<string, unknown>;
    for (const key of Object.keys(stage)) {
      if (!['on', 'milestone', 'percent'].includes(key)) problems.push({ field: `${at}.${key}`, message: 'is not a stage field; use on, milestone, percent' });
    }
    const on = stage.on;
    if (!(STAGE_KINDS as readonly unknown[]).includes(on)) problems.push({ field: `${at}.on`, message: `must be one of ${STAGE_KINDS.join(', ')}` });
    else if (on === 'start' && i !== 0) problems.push({ field: `${at}.on`, message: 'the start must be the first stage, and only once' });
    else if (on === 'pass' && i !== last) problems.push({ field: `${at}.on`, message: 'the pass must be the last stage, and only once' });
    else if (on === 'milestone' && (i === 0 || i === last)) problems.push({ field: `${at}.on`, message: i === 0 ? 'the first stage must be the start' : 'the last stage must be the pass' });
    if (on === 'milestone') {
      const m = stage.milestone;
      if (!(PAYMENT_MILESTONES as readonly unknown[]).includes(m)) problems.push({ field: `${at}.milestone`, message: `must be one of ${PAYMENT_MILESTONES.join(', ')}` });
      else if (seen.has(m as string)) problems.push({ field: `${at}.milestone`, message: `${m} is named more than once` });
      else {
        const order = PAYMENT_MILESTONES.indexOf(m as PaymentMilestone);
        if (order < lastMilestoneIndex) problems.push({ field: `${at}.milestone`, message: `must come in the order a learner reaches them: ${PAYMENT_MILESTONES.join(', ')}` });
        lastMilestoneIndex = Math.max(lastMilestoneIndex, order);
        seen.add(m as string);
      }
    } else if (stage.milestone !== undefined && stage.milestone !== null) {
      problems.push({ field: `${at}.milestone`, message: 'is only for a milestone stage' });
    }
    if (!whole(stage.percent)) problems.push({ field: `${at}.percent`, message: 'must be a whole number from 0 to 100' });
  });
  if (input.length >= 1 && (input[0] as Record<string, unknown> | null)?.on !== 'start' && !problems.some((p) => p.field === `${field}[0].on`)) {
    problems.push({ field: `${field}[0].on`, message: 'the first stage must be the start' });
  }
  if (input.length >= 2 && (input[last] as Record<string, unknown> | null)?.on !== 'pass' && !problems.some((p) => p.field === `${field}[${last}].on`)) {
    problems.push({ field: `${field}[${last}].on`, message: 'the last stage must be the pass' });
  }
  const percents = input.map((s) => (s && typeof s === 'object' ? (s as Record<string, unknown>).percent : undefined));
  if (input.length >= 2 && percents.every(whole)) {
    const sum = (percents as number[]).reduce((a, b) => a + b, 0);
    if (sum !== 100) problems.push({ field, message: `the percents must add up to exactly 100; these add up to ${sum}` });
  }
  return problems;
}

/** A valid schedule as stored: only the fields a stage has, in order. */
export function cleanSchedule(input: PaymentSchedule): PaymentSchedule {
  return input.map((s) => (s.on === 'milestone' ? { on: 'milestone', milestone: s.milestone, percent: s.percent } : { on: s.on, percent: s.percent }));
}

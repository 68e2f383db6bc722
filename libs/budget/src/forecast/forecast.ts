import { formatDate } from '@app/http';
import { formatPounds, type FinancialYear } from '../money';
import { STAGES, type ConversionObservation, type PipelineSnapshot, type RoundWindow, type Stage } from './pipeline-source';

/**
 * The budget forecast: a pure projection, month by month to the end of the
 * financial year, of how the pipeline turns into offers, starts, payments and
 * qualified practice managers, and what money is left. Expected values.
 *
 * Before training, a share of each stage moves on each month (one over the
 * months it usually spends there) and of those a share converts. Learners
 * placed on a cohort start when their cohort starts. Learners in training
 * finish when their own qualification's length has run from their actual
 * start; of them a share passes (the rate of learners who started and then
 * passed, among those whose course has run its length), withdrawals are
 * spread over the time left. New submissions arrive only while a round is
 * open. Money is integer pence throughout and is conserved: available +
 * reserved + committed + spent never changes.
 */

export interface ForecastInput {
  /** Today, YYYY-MM-DD. */
  asOf: string;
  year: FinancialYear;
  /** The year's pots now, from the ledger. */
  /** `fallenDuePence` is every payment that has fallen due (the ledger's `pay` entries); `paidPence` the part of it sent to providers. */
  money: { availablePence: number; reservedPence: number; committedPence: number; fallenDuePence: number; paidPence: number };
  bursaryPence: number;
  annualQualifiedTarget: number;
  /** Null when no pipeline source is connected. */
  pipeline: PipelineSnapshot | null;
}

export interface ForecastMonth {
  /** YYYY-MM */
  month: string;
  submissions: number;
  offers: number;
  starts: number;
  completions: number;
  reservedPence: number;
  releasedPence: number;
  spendPence: number;
  /** Money in the year's pots nobody holds, at the end of the month. */
  availablePence: number;
  qualifiedToDate: number;
}

/** How a rate was reached: enough outcomes observed; a prior blended with the few observed; or the prior alone (none observed). */
export type RateSource = 'observed' | 'prior' | 'assumed';

export interface StageAssumption {
  stage: Stage;
  rate: number;
  rateSource: RateSource;
  /** The default rate used as the prior. */
  prior: number;
  observations: number;
  daysInStage: number;
  daysSource: 'observed' | 'assumed' | 'qualifications';
}

export interface TrainingAssumption {
  /** Learners in training now (started, not completed). */
  learners: number;
  /** Learners placed on a cohort, not yet started. */
  placed: number;
  /** Learners in training by their qualification's length. */
  byLength: { months: number; learners: number }[];
  /** The mean length, weighted by learners (in training, else the pipeline's mix). */
  averageMonths: number;
  /** Share of starters expected to withdraw during training (the rest of those who do not pass fail at the end). */
  withdrawnShare: number;
  withdrawnSource: RateSource;
  /** Days after the qualification's length that passes are reported. */
  daysLate: number;
  daysLateSource: 'observed' | 'assumed';
  /** How many points of the observed spread of reporting delays passes are shared over (1: the median alone). */
  lateSpread: number;
}

export interface Forecast {
  financialYear: string;
  asOf: string;
  pipelineConnected: boolean;
  bursaryPence: number;
  months: ForecastMonth[];
  /** So far: fallen due, and of that, paid (sent) and still due; projected: what will fall due by year end. */
  spend: { fallenDueSoFarPence: number; paidSoFarPence: number; dueNotPaidPence: number; projectedPence: number };
  money: { availableNowPence: number; leftAtYearEndPence: number; reservedAtYearEndPence: number; committedAtYearEndPence: number };
  /** How many more bursaries the money left at year end would fund, beyond what the pipeline is expected to take. */
  fundableBursaries: number;
  /** Eligible applications still waiting for money at year end (expected). */
  waitingForMoneyAtYearEnd: number;
  /**
   * Qualified practice managers this financial year: completed so far plus
   * the expected passes of learners whose expected completion falls within
   * the year (of those in training now, and of those who start later).
   */
  qualified: {
    target: number;
    completedSoFar: number;
    projectedByYearEnd: number;
    shortfall: number;
    onTrack: boolean;
    /** Expected passes still to come this year (projectedByYearEnd - completedSoFar, before rounding down). */
    expectedPasses: number;
    fromLearnersInTraining: number;
    fromLaterStarts: number;
  };
  stages: StageAssumption[];
  training: TrainingAssumption;
  /** Months of the year left (from asOf) in which a round is open at some time. */
  roundOpenMonths: string[];
  assumptions: string[];
}

/** The prior for each stage's rate: used alone with no outcomes observed, blended with them below MIN_OBSERVATIONS. */
export const DEFAULT_RATES: Readonly<Record<Stage, number>> = { submitted: 0.8, underReview: 0.7, offered: 0.85, accepted: 0.95, placed: 0.9, started: 0.8 };
/** Days in a stage before leaving it, when not observed (`started` comes from the qualifications' lengths). */
export const DEFAULT_DAYS: Readonly<Record<Exclude<Stage, 'started'>, number>> = { submitted: 7, underReview: 30, offered: 14, accepted: 30, placed: 45 };
/** The prior share of starters who withdraw during training (of the 20% who do not pass by default, most leave rather than fail). */
export const DEFAULT_WITHDRAWN_SHARE = 0.15;
/** A qualification's length when nothing in the pipeline says (none in training, no mix). */
export const DEFAULT_DURATION_MONTHS = 12;
export const DEFAULT_START_PAYMENT_PERCENT = 50;
/** Outcomes needed before a stage's rate is the observed one alone; below it the prior carries this many outcomes' weight. */
export const MIN_OBSERVATIONS = 20;
const DAYS_PER_MONTH = 365.25 / 12;
const DAY_MS = 86_400_000;

const STAGE_WORDS: Record<Stage, string> = {
  submitted: 'submitted -> eligible',
  underReview: 'under review -> offered',
  offered: 'offered -> accepted',
  accepted: 'accepted -> placed on a cohort',
  placed: 'placed -> started',
  started: 'started -> qualified',
};

/**
 * A rate from outcomes, Bayesian-style: with `n` outcomes of which `k`
 * succeeded, (k + prior x MIN) / (n + MIN) below MIN_OBSERVATIONS (the prior
 * weighs as much as MIN outcomes), k / n from there on.
 */
export function blendedRate(successes: number, observations: number, prior: number): { rate: number; source: RateSource } {
  const n = Math.max(0, observations);
  const k = clamp(successes, 0, n);
  if (n >= MIN_OBSERVATIONS) return { rate: k / n, source: 'observed' };
  if (n === 0) return { rate: prior, source: 'assumed' };
  return { rate: (k + prior * MIN_OBSERVATIONS) / (n + MIN_OBSERVATIONS), source: 'prior' };
}

/** Projects the year; see the module comment. Pure and deterministic. */
export function forecast(input: ForecastInput): Forecast {
  const b = input.bursaryPence;
  const p = input.pipeline;
  const months = monthsLeft(input.asOf, input.year);
  const M = months.length;
  const training = trainingAssumption(p);
  const stages = STAGES.map((stage) => stageAssumption(stage, p, training));
  const rate = Object.fromEntries(stages.map((s) => [s.stage, s.rate])) as Record<Stage, number>;
  const moveOn = Object.fromEntries(stages.map((s) => [s.stage, Math.min(1, DAYS_PER_MONTH / s.daysInStage)])) as Record<Stage, number>;
  const startShare = clamp(p?.startPaymentPercent ?? DEFAULT_START_PAYMENT_PERCENT, 0, 100) / 100;
  const inflow = Math.max(0, p?.submissionsPerMonth ?? 0);
  const open = months.map((m) => openShare(m, input.asOf, p?.rounds ?? []));
  const r = rate.started;
  const w = Math.min(training.withdrawnShare, 1 - r);
  const lateMonths = training.daysLate / DAYS_PER_MONTH;
  const index = (date: string) => monthIndex(date, input.asOf, months);
  const mix = lengthMix(p, training);
  const lateSpread = p?.daysLateDeciles?.length ? p.daysLateDeciles.map((d) => Math.max(0, d)) : [training.daysLate];

  // What falls in each month from the learners already placed or in training; later starts add to these as they happen.
  const passes = new Array<number>(M).fill(0);
  const leavers = new Array<number>(M).fill(0);
  const starts = new Array<number>(M).fill(0);
  const notStarting = new Array<number>(M).fill(0);
  let fromTraining = 0;
  let fromLater = 0;
  for (const g of p?.trainingGroups ?? []) {
    if (g.count <= 0) continue;
    const endsOn = addDays(addMonths(g.startedOn, g.durationMonths), training.daysLate);
    const total = Math.max(1, daysBetween(g.startedOn, endsOn));
    const f = clamp(daysBetween(g.startedOn, input.asOf) / total, 0, 1);
    // Still in training after a share f of the course: withdrawals (spread evenly over the course) have had their chance for that share.
    const alive = Math.max(1e-9, 1 - w * f);
    const pass = Math.min(1, r / alive);
    const withdrawLeft = Math.min(1 - pass, (w * (1 - f)) / alive);
    const end = index(endsOn);
    const monthsToEnd = Math.max(1, (Date.parse(endsOn) - Date.parse(input.asOf)) / DAY_MS / DAYS_PER_MONTH);
    for (let i = 0; i < Math.min(M, end + 1); i++) leavers[i] += (g.count * withdrawLeft) / Math.max(1, Math.min(monthsToEnd, end + 1));
    if (end < M) leavers[end] += g.count * Math.max(0, 1 - pass - withdrawLeft);
    // Passes are reported over the observed spread of delays after the course's length, so part of a cohort due late in March passes in April.
    const due = addMonths(g.startedOn, g.durationMonths);
    for (const late of lateSpread) {
      const at = index(addDays(due, late));
      if (at >= M) continue;
      passes[at] += (g.count * pass) / lateSpread.length;
      fromTraining += (g.count * pass) / lateSpread.length;
    }
  }
  const startLater = (at: number, count: number, lengths: [number, number][]) => {
    if (at >= M || count <= 0) return;
    starts[at] += count * rate.placed;
    notStarting[at] += count * (1 - rate.placed);
    const started = count * rate.placed;
    for (const [len, share] of lengths) {
      const end = at + Math.round(len + lateMonths);
      for (let i = at; i < Math.min(M, end); i++) leavers[i] += (started * share * w) / len;
      if (end < M) {
        passes[end] += started * share * r;
        fromLater += started * share * r;
        leavers[end] += started * share * Math.max(0, 1 - r - w);
      }
    }
  };
  for (const g of p?.placedGroups ?? []) startLater(index(g.startsOn), g.count, [[g.durationMonths, 1]]);
  const placeToStart = Math.max(1, Math.round(stages.find((s) => s.stage === 'placed')!.daysInStage / DAYS_PER_MONTH));

  const n = p?.counts;
  let [S, R, O, A] = [n?.submitted ?? 0, n?.underReview ?? 0, n?.offered ?? 0, n?.accepted ?? 0].map((x) => Math.max(0, x));
  let qualified = 0;
  let { availablePence: avail, reservedPence: res, committedPence: com } = input.money;
  let waiting = 0;
  const completedSoFar = Math.max(0, Math.round(n?.completed ?? 0));
  const out: ForecastMonth[] = [];

  for (let i = 0; i < M; i++) {
    const unpaid = b * (1 - startShare);
    // Cohorts starting this month: the start commits the bursary and pays the start stage.
    const commitNow = Math.min(res, Math.round(starts[i] * b));
    res -= commitNow;
    com += commitNow;
    const payStart = Math.min(com, Math.round(starts[i] * b * startShare));
    com -= payStart;
    // Training ends: passes are paid the rest of their bursary; withdrawals and fails release it.
    const payCompletion = Math.min(com, Math.round(passes[i] * unpaid));
    com -= payCompletion;
    const releaseCommitted = Math.min(com, Math.round(leavers[i] * unpaid));
    com -= releaseCommitted;
    // Accepted applicants are placed; they start when their cohort does (a month or more later).
    const leaveA = A * moveOn.accepted;
    const placedNow = leaveA * rate.accepted;
    startLater(i + placeToStart, placedNow, mix);
    const leaveO = O * moveOn.offered;
    const accepts = leaveO * rate.offered;
    const leaveR = R * moveOn.underReview;
    const wanted = leaveR * rate.underReview;
    const leaveS = S * moveOn.submitted;
    const releaseReserved = Math.min(res, Math.round((notStarting[i] + leaveA - placedNow + leaveO - accepts) * b));
    res -= releaseReserved;
    avail += releaseCommitted + releaseReserved;
    // Offers only as far as the money goes; the rest wait (waitlisted) for money released later.
    const offers = b > 0 ? Math.min(wanted, avail / b) : 0;
    const reserveNow = Math.min(avail, Math.round(offers * b));
    avail -= reserveNow;
    res += reserveNow;
    waiting = wanted - offers;
    const submissions = inflow * open[i];

    A += accepts - leaveA;
    O += offers - leaveO;
    R += leaveS * rate.submitted - leaveR + waiting;
    S += submissions - leaveS;
    qualified += passes[i];
    out.push({
      month: months[i],
      submissions: tenth(submissions),
      offers: tenth(offers),
      starts: tenth(starts[i]),
      completions: tenth(passes[i]),
      reservedPence: reserveNow,
      releasedPence: releaseCommitted + releaseReserved,
      spendPence: payCompletion + payStart,
      availablePence: avail,
      qualifiedToDate: completedSoFar + Math.floor(qualified + 1e-9),
    });
  }

  const projectedByYearEnd = completedSoFar + Math.floor(qualified + 1e-9);
  const target = input.annualQualifiedTarget;
  const result: Forecast = {
    financialYear: input.year.label,
    asOf: input.asOf,
    pipelineConnected: p !== null,
    bursaryPence: b,
    months: out,
    spend: {
      fallenDueSoFarPence: input.money.fallenDuePence,
      paidSoFarPence: input.money.paidPence,
      dueNotPaidPence: input.money.fallenDuePence - input.money.paidPence,
      projectedPence: out.reduce((sum, m) => sum + m.spendPence, 0),
    },
    money: { availableNowPence: input.money.availablePence, leftAtYearEndPence: avail, reservedAtYearEndPence: res, committedAtYearEndPence: com },
    fundableBursaries: b > 0 ? Math.floor(avail / b) : 0,
    waitingForMoneyAtYearEnd: tenth(waiting),
    qualified: {
      target,
      completedSoFar,
      projectedByYearEnd,
      shortfall: Math.max(0, target - projectedByYearEnd),
      onTrack: projectedByYearEnd >= target,
      expectedPasses: tenth(qualified),
      fromLearnersInTraining: tenth(fromTraining),
      fromLaterStarts: tenth(fromLater),
    },
    stages,
    training,
    roundOpenMonths: months.filter((_, i) => open[i] > 0),
    assumptions: [],
  };
  result.assumptions = assumptions(input, result, startShare, inflow);
  return result;
}

function stageAssumption(stage: Stage, p: PipelineSnapshot | null, training: TrainingAssumption): StageAssumption {
  const seen: ConversionObservation | undefined = p?.conversions[stage];
  const observations = Math.max(0, seen?.left ?? 0);
  const { rate, source } = blendedRate(seen?.movedOn ?? 0, observations, DEFAULT_RATES[stage]);
  const base = { stage, rate: clamp(rate, 0, 1), rateSource: source, prior: DEFAULT_RATES[stage], observations };
  if (stage === 'started') return { ...base, daysInStage: training.averageMonths * DAYS_PER_MONTH, daysSource: 'qualifications' };
  const days = p?.medianDaysInStage?.[stage];
  const daysObserved = typeof days === 'number' && days > 0;
  return { ...base, daysInStage: daysObserved ? days : DEFAULT_DAYS[stage], daysSource: daysObserved ? 'observed' : 'assumed' };
}

function trainingAssumption(p: PipelineSnapshot | null): TrainingAssumption {
  const lengths = new Map<number, number>();
  for (const g of p?.trainingGroups ?? []) if (g.count > 0) lengths.set(g.durationMonths, (lengths.get(g.durationMonths) ?? 0) + g.count);
  const byLength = [...lengths].sort(([x], [y]) => x - y).map(([months, learners]) => ({ months, learners }));
  const learners = byLength.reduce((s, l) => s + l.learners, 0);
  const mix = learners > 0 ? byLength.map((l) => [l.months, l.learners] as const) : Object.entries(p?.durationMix ?? {}).map(([m, c]) => [Number(m), c] as const).filter(([m, c]) => m > 0 && c > 0);
  const weight = mix.reduce((s, [, c]) => s + c, 0);
  const seen = p?.conversions.started;
  const withdrawn = blendedRate(seen?.withdrew ?? 0, seen?.left ?? 0, DEFAULT_WITHDRAWN_SHARE);
  const late = p?.medianDaysLate;
  const lateObserved = typeof late === 'number' && late >= 0;
  return {
    learners,
    placed: (p?.placedGroups ?? []).reduce((s, g) => s + Math.max(0, g.count), 0),
    byLength,
    averageMonths: weight > 0 ? mix.reduce((s, [m, c]) => s + m * c, 0) / weight : DEFAULT_DURATION_MONTHS,
    withdrawnShare: withdrawn.rate,
    withdrawnSource: withdrawn.source,
    daysLate: lateObserved ? late : 0,
    daysLateSource: lateObserved ? 'observed' : 'assumed',
    lateSpread: p?.daysLateDeciles?.length || 1,
  };
}

/** The qualification lengths of learners who start later: the pipeline's mix, else those in training, else the default. */
function lengthMix(p: PipelineSnapshot | null, training: TrainingAssumption): [number, number][] {
  const entries = Object.entries(p?.durationMix ?? {}).map(([m, c]) => [Number(m), c] as [number, number]).filter(([m, c]) => m > 0 && c > 0);
  const source = entries.length ? entries : training.byLength.map((l) => [l.months, l.learners] as [number, number]);
  const total = source.reduce((s, [, c]) => s + c, 0);
  return total > 0 ? source.map(([m, c]) => [m, c / total]) : [[DEFAULT_DURATION_MONTHS, 1]];
}

/** Calendar months from the one `asOf` falls in (or the year's first) to the year's last, as YYYY-MM. */
export function monthsLeft(asOf: string, year: FinancialYear): string[] {
  const first = asOf > year.startsOn ? asOf.slice(0, 7) : year.startsOn.slice(0, 7);
  const last = year.endsOn.slice(0, 7);
  if (asOf > year.endsOn) return [];
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number);
  for (let label = first; label <= last; label = `${y}-${String(m).padStart(2, '0')}`) {
    out.push(label);
    m = m === 12 ? 1 : m + 1;
    if (m === 1) y++;
  }
  return out;
}

/** The share of month `month` (YYYY-MM), from `asOf` on, in which some round is open: submissions arrive only then. */
export function openShare(month: string, asOf: string, rounds: readonly RoundWindow[]): number {
  const [y, m] = month.split('-').map(Number);
  const monthStart = Date.UTC(y, m - 1, 1);
  const monthEnd = Date.UTC(y, m, 1);
  const from = Math.max(monthStart, Date.parse(asOf));
  if (from >= monthEnd) return 0;
  const spans = rounds
    .map((r) => [Math.max(from, Date.parse(r.opensAt)), Math.min(monthEnd, Date.parse(r.closesAt))] as const)
    .filter(([a, z]) => z > a)
    .sort(([a], [b]) => a - b);
  let covered = 0;
  let reach = from;
  for (const [a, z] of spans) {
    const start = Math.max(a, reach);
    if (z > start) covered += z - start;
    reach = Math.max(reach, z);
  }
  return covered / (monthEnd - monthStart);
}

/** Which of `months` a date falls in: 0 for today or earlier, months.length (or more) for after the year. */
function monthIndex(date: string, asOf: string, months: string[]): number {
  if (date <= asOf) return 0;
  const i = months.indexOf(date.slice(0, 7));
  if (i >= 0) return i;
  return date.slice(0, 7) < (months[0] ?? '') ? 0 : months.length;
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}
const addDays = (date: string, days: number) => new Date(Date.parse(date.slice(0, 10)) + Math.round(days) * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => (Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / DAY_MS;

function rateWords(s: { rate: number; rateSource: RateSource; prior: number; observations: number }): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  if (s.rateSource === 'observed') return `${pct(s.rate)} observed (${s.observations} outcomes)`;
  if (s.rateSource === 'assumed') return `${pct(s.rate)}, the prior (no outcomes observed yet; ${MIN_OBSERVATIONS} needed to rely on observation alone)`;
  return `${pct(s.rate)}: prior ${pct(s.prior)} blended with ${s.observations} observed outcome${s.observations === 1 ? '' : 's'} (${MIN_OBSERVATIONS} needed to rely on observation alone)`;
}

function assumptions(input: ForecastInput, f: Forecast, startShare: number, inflow: number): string[] {
  const out = [
    `Money is the ${input.year.label} pots as the ledger stands on ${formatDate(input.asOf)}: ${formatPounds(input.money.availablePence)} available, ${formatPounds(input.money.reservedPence)} reserved, ${formatPounds(input.money.committedPence)} committed, ${formatPounds(input.money.fallenDuePence)} fallen due to providers, of which ${formatPounds(input.money.paidPence)} has been paid (sent in payment runs) and ${formatPounds(input.money.fallenDuePence - input.money.paidPence)} is still to pay. Projected spend is money falling due, not money sent.`,
    `Each offer reserves the standard bursary of ${formatPounds(input.bursaryPence)}; ${Math.round(startShare * 100)}% is paid when the provider confirms the start and the rest on completion.`,
  ];
  if (!f.pipelineConnected) {
    out.push('No pipeline source is connected: no applications are projected, so spend covers nothing not yet in the ledger and qualified practice managers are not projected.');
  } else {
    for (const s of f.stages) {
      const days = s.stage === 'started' ? `time in training from each qualification's length` : `${s.daysInStage < 1 ? 'under a day' : `${Math.round(s.daysInStage)} days`} in the stage (${s.daysSource})`;
      out.push(`${STAGE_WORDS[s.stage]}: ${rateWords(s)}; ${days}.`);
    }
    const t = f.training;
    const lengths = t.byLength.length ? t.byLength.map((l) => `${l.learners} on ${l.months}-month qualifications`).join(', ') : 'none in training';
    out.push(
      `Outcomes of training count only learners who started and whose qualification's length has run since: passed, against withdrew after starting or failed. Withdrawals before a start are outcomes of the earlier stages.`,
      `Time in training is each qualification's length (months) from the learner's actual start (${lengths}; ${t.averageMonths.toFixed(1)} months on average, weighted by learners)${t.daysLate > 0 ? `, passes reported a median ${Math.round(t.daysLate)} days later (${t.daysLateSource}${f.training.lateSpread > 1 ? ', spread as observed' : ''})` : ''}. Learners placed on a cohort start on the cohort's start date; later placements start ${Math.max(1, Math.round(f.stages.find((s) => s.stage === 'placed')!.daysInStage / DAYS_PER_MONTH))} month(s) after placement.`,
      `${Math.round(t.withdrawnShare * 100)}% of starters withdraw during training (${t.withdrawnSource === 'observed' ? 'observed' : t.withdrawnSource === 'prior' ? `prior ${Math.round(DEFAULT_WITHDRAWN_SHARE * 100)}% blended with the observed` : 'the prior'}), spread evenly over the course; a learner still in training part-way through is more likely to pass than one just started.`,
      `Qualified practice managers this year: ${f.qualified.completedSoFar} completed so far, plus ${tenth(f.qualified.fromLearnersInTraining)} expected passes of the ${t.learners} learners in training whose expected completion falls within the year, plus ${tenth(f.qualified.fromLaterStarts)} from learners who start later (starts x completion rate, after each qualification's length).`,
      inflow > 0
        ? f.roundOpenMonths.length
          ? `${tenth(inflow)} new submissions a month while a round is open, as recently observed; rounds are open in ${f.roundOpenMonths.join(', ')} (none after the last round closes).`
          : `No new submissions: no funding round is open for the rest of the year (${tenth(inflow)} a month were observed while rounds were open).`
        : 'No new submissions are assumed.',
    );
  }
  out.push(
    'Each month a share of every stage before training moves on (one over the months it usually spends there); expected values, so counts can be fractional.',
    'Offers are made only as far as available money goes; eligible applications that cannot be funded wait for money released by declines and withdrawals.',
    'Whole calendar months: the current month counts in full. Money left and fundable bursaries are at the end of the financial year.',
    `The target is ${input.annualQualifiedTarget} qualified practice managers in the financial year (config/programme.yaml).`,
  );
  return out;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const tenth = (x: number) => Math.round(x * 10) / 10;

import { formatPounds, type FinancialYear } from '../money';
import { STAGES, type PipelineSnapshot, type Stage } from './pipeline-source';

/**
 * The budget forecast: a pure projection, month by month to the end of the
 * financial year, of how the pipeline turns into offers, starts, payments and
 * qualified practice managers, and what money is left. Expected values: a
 * share of each stage moves on each month (one over the months it usually
 * spends there), and of those a share converts (the observed rate). Money is
 * integer pence throughout and is conserved: available + reserved + committed
 * + spent never changes.
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

export interface StageAssumption {
  stage: Stage;
  rate: number;
  rateSource: 'observed' | 'assumed';
  observations: number;
  daysInStage: number;
  daysSource: 'observed' | 'assumed';
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
  qualified: { target: number; completedSoFar: number; projectedByYearEnd: number; shortfall: number; onTrack: boolean };
  stages: StageAssumption[];
  assumptions: string[];
}

/** Used when a stage has fewer than MIN_OBSERVATIONS observed outcomes. */
export const DEFAULT_RATES: Readonly<Record<Stage, number>> = { submitted: 0.8, underReview: 0.7, offered: 0.85, accepted: 0.9, enrolled: 0.8 };
export const DEFAULT_DAYS: Readonly<Record<Stage, number>> = { submitted: 7, underReview: 30, offered: 14, accepted: 45, enrolled: 365 };
export const DEFAULT_START_PAYMENT_PERCENT = 50;
export const MIN_OBSERVATIONS = 20;
const DAYS_PER_MONTH = 365.25 / 12;

const STAGE_WORDS: Record<Stage, string> = {
  submitted: 'submitted -> eligible',
  underReview: 'under review -> offered',
  offered: 'offered -> accepted',
  accepted: 'accepted -> started',
  enrolled: 'started -> qualified',
};

/** Projects the year; see the module comment. Pure and deterministic. */
export function forecast(input: ForecastInput): Forecast {
  const b = input.bursaryPence;
  const p = input.pipeline;
  const stages = STAGES.map((stage) => stageAssumption(stage, p));
  const rate = Object.fromEntries(stages.map((s) => [s.stage, s.rate])) as Record<Stage, number>;
  const moveOn = Object.fromEntries(stages.map((s) => [s.stage, Math.min(1, DAYS_PER_MONTH / s.daysInStage)])) as Record<Stage, number>;
  const startShare = clamp(p?.startPaymentPercent ?? DEFAULT_START_PAYMENT_PERCENT, 0, 100) / 100;
  const inflow = Math.max(0, p?.submissionsPerMonth ?? 0);

  const n = { submitted: 0, underReview: 0, offered: 0, accepted: 0, enrolled: 0, ...(p ? p.counts : {}) };
  let [S, R, O, A, E] = STAGES.map((s) => Math.max(0, n[s]));
  let qualified = 0;
  let { availablePence: avail, reservedPence: res, committedPence: com } = input.money;
  let waiting = 0;
  const completedSoFar = Math.max(0, Math.round(p?.counts.completed ?? 0));
  const months: ForecastMonth[] = [];

  for (const month of monthsLeft(input.asOf, input.year)) {
    const leaveE = E * moveOn.enrolled;
    const completions = leaveE * rate.enrolled;
    const leaveA = A * moveOn.accepted;
    const starts = leaveA * rate.accepted;
    const leaveO = O * moveOn.offered;
    const accepts = leaveO * rate.offered;
    const leaveR = R * moveOn.underReview;
    const wanted = leaveR * rate.underReview;
    const leaveS = S * moveOn.submitted;

    // Money in a fixed order; each step takes no more than is there, so no balance goes below zero.
    const payCompletion = Math.min(com, Math.round(completions * b * (1 - startShare)));
    com -= payCompletion;
    const releaseCommitted = Math.min(com, Math.round((leaveE - completions) * b * (1 - startShare)));
    com -= releaseCommitted;
    const commitNow = Math.min(res, Math.round(starts * b));
    res -= commitNow;
    com += commitNow;
    const payStart = Math.min(com, Math.round(starts * b * startShare));
    com -= payStart;
    const releaseReserved = Math.min(res, Math.round((leaveA - starts + leaveO - accepts) * b));
    res -= releaseReserved;
    avail += releaseCommitted + releaseReserved;
    // Offers only as far as the money goes; the rest wait (waitlisted) for money released later.
    const offers = b > 0 ? Math.min(wanted, avail / b) : 0;
    const reserveNow = Math.min(avail, Math.round(offers * b));
    avail -= reserveNow;
    res += reserveNow;
    waiting = wanted - offers;

    E += starts - leaveE;
    A += accepts - leaveA;
    O += offers - leaveO;
    R += leaveS * rate.submitted - leaveR + waiting;
    S += inflow - leaveS;
    qualified += completions;
    months.push({
      month,
      offers: tenth(offers),
      starts: tenth(starts),
      completions: tenth(completions),
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
    months,
    spend: {
      fallenDueSoFarPence: input.money.fallenDuePence,
      paidSoFarPence: input.money.paidPence,
      dueNotPaidPence: input.money.fallenDuePence - input.money.paidPence,
      projectedPence: months.reduce((sum, m) => sum + m.spendPence, 0),
    },
    money: { availableNowPence: input.money.availablePence, leftAtYearEndPence: avail, reservedAtYearEndPence: res, committedAtYearEndPence: com },
    fundableBursaries: b > 0 ? Math.floor(avail / b) : 0,
    waitingForMoneyAtYearEnd: tenth(waiting),
    qualified: { target, completedSoFar, projectedByYearEnd, shortfall: Math.max(0, target - projectedByYearEnd), onTrack: projectedByYearEnd >= target },
    stages,
    assumptions: [],
  };
  result.assumptions = assumptions(input, result, startShare, inflow);
  return result;
}

function stageAssumption(stage: Stage, p: PipelineSnapshot | null): StageAssumption {
  const seen = p?.conversions[stage];
  const observations = Math.max(0, seen?.left ?? 0);
  const observed = observations >= MIN_OBSERVATIONS;
  const days = p?.medianDaysInStage?.[stage];
  const daysObserved = typeof days === 'number' && days > 0;
  return {
    stage,
    rate: observed ? clamp(seen!.movedOn / observations, 0, 1) : DEFAULT_RATES[stage],
    rateSource: observed ? 'observed' : 'assumed',
    observations,
    daysInStage: daysObserved ? days : DEFAULT_DAYS[stage],
    daysSource: daysObserved ? 'observed' : 'assumed',
  };
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

function assumptions(input: ForecastInput, f: Forecast, startShare: number, inflow: number): string[] {
  const out = [
    `Money is the ${input.year.label} pots as the ledger stands on ${input.asOf}: ${formatPounds(input.money.availablePence)} available, ${formatPounds(input.money.reservedPence)} reserved, ${formatPounds(input.money.committedPence)} committed, ${formatPounds(input.money.fallenDuePence)} fallen due to providers, of which ${formatPounds(input.money.paidPence)} has been paid (sent in payment runs) and ${formatPounds(input.money.fallenDuePence - input.money.paidPence)} is still to pay. Projected spend is money falling due, not money sent.`,
    `Each offer reserves the standard bursary of ${formatPounds(input.bursaryPence)}; ${Math.round(startShare * 100)}% is paid when the provider confirms the start and the rest on completion.`,
  ];
  if (!f.pipelineConnected) {
    out.push('No pipeline source is connected: no applications are projected, so spend covers nothing not yet in the ledger and qualified practice managers are not projected.');
  } else {
    for (const s of f.stages) {
      out.push(
        `${STAGE_WORDS[s.stage]}: ${Math.round(s.rate * 100)}% ${s.rateSource === 'observed' ? `observed (${s.observations} outcomes)` : `assumed (${s.observations} outcomes observed; ${MIN_OBSERVATIONS} needed)`}; ${Math.round(s.daysInStage)} days in the stage (${s.daysSource}).`,
      );
    }
    out.push(inflow > 0 ? `${tenth(inflow)} new submissions a month, as recently observed.` : 'No new submissions are assumed.');
  }
  out.push(
    'Each month a share of every stage moves on (one over the months it usually spends there); expected values, so counts can be fractional.',
    'Offers are made only as far as available money goes; eligible applications that cannot be funded wait for money released by declines and withdrawals.',
    'Whole calendar months: the current month counts in full. Money left and fundable bursaries are at the end of the financial year.',
    `The target is ${input.annualQualifiedTarget} qualified practice managers in the financial year (config/programme.yaml).`,
  );
  return out;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const tenth = (x: number) => Math.round(x * 10) / 10;

import type { PaymentSchedule, PaymentStage } from '@app/intake';

/** A stage of a learner's schedule with what it pays, in integer pence. */
export type PricedStage = PaymentStage & { amountPence: number };

/**
 * The one place a bursary is split by a payment schedule into what each stage
 * pays. Each stage's share is rounded down to whole pence and the remainder
 * goes to the last stage (the pass), so the amounts always sum to the bursary
 * exactly and none is negative.
 */
export function scheduleAmounts(bursaryPence: number, schedule: PaymentSchedule): PricedStage[] {
  const bursary = Math.max(0, Math.trunc(Number(bursaryPence)));
  if (schedule.length === 0) return [];
  const priced = schedule.map((stage) => ({ ...stage, amountPence: Math.floor((bursary * Math.min(100, Math.max(0, Number(stage.percent)))) / 100) }));
  const others = priced.slice(0, -1).reduce((sum, s) => sum + s.amountPence, 0);
  // Percents making more than 100 are refused when a schedule is saved; here the last stage simply never goes below zero.
  priced[priced.length - 1].amountPence = Math.max(0, bursary - others);
  return priced;
}

/** What a learner's schedule pays at a stage: the start, a named milestone or the pass (0 when it has no such stage). */
export function stageAmount(stages: PricedStage[], on: 'start' | 'pass' | { milestone: string }): number {
  const stage = stages.find((s) => (typeof on === 'string' ? s.on === on : s.on === 'milestone' && s.milestone === on.milestone));
  return stage?.amountPence ?? 0;
}

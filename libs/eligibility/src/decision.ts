import type { OnFail } from './rule-set-schema';

/** The engine's answer: eligible, turned down, or referred to a person. */
export type Outcome = 'eligible' | 'ineligible' | 'refer';

/** How one rule went for one set of facts; every rule gets one, so every decision can be explained. */
export interface RuleResult {
  ruleId: string;
  sentence: string;
  passed: boolean;
  /** The rule's onFail, except 'refer' when the rule could not be evaluated. */
  onFail: OnFail;
  /** Why the rule could not be evaluated; set only then. */
  error?: string;
}

/** A reason shown to the applicant: the failing rule's id and sentence. */
export interface Reason {
  code: string;
  message: string;
}

/** A decision, stored with the rule set version that made it. */
export interface Decision {
  outcome: Outcome;
  ruleSetVersion: string;
  results: RuleResult[];
  reasons: Reason[];
}

/**
 * The outcome implied by rule results: ineligible beats refer beats eligible,
 * because a person reviewing a referral cannot overturn a hard rule.
 */
export function outcomeOf(results: readonly RuleResult[]): Outcome {
  const failed = results.filter((r) => !r.passed);
  if (failed.some((r) => r.onFail === 'ineligible')) return 'ineligible';
  if (failed.length) return 'refer';
  return 'eligible';
}

/** One reason per failing rule, the ones that make the applicant ineligible first, each group in rule order. */
export function reasonsOf(results: readonly RuleResult[]): Reason[] {
  const failed = results.filter((r) => !r.passed);
  return [...failed.filter((r) => r.onFail === 'ineligible'), ...failed.filter((r) => r.onFail === 'refer')].map((r) => ({
    code: r.ruleId,
    message: r.sentence,
  }));
}

/** Builds the decision from every rule's result. */
export function decide(ruleSetVersion: string, results: RuleResult[]): Decision {
  return { outcome: outcomeOf(results), ruleSetVersion, results, reasons: reasonsOf(results) };
}

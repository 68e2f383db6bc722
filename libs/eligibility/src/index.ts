// The eligibility rule engine: pure functions over facts, no I/O. Callers read
// rule set files and pass their text in; the intake lib supplies the facts.
export { CompiledRuleSet } from './compiled-rule-set';
export type { Decision, Outcome, Reason, RuleResult } from './decision';
export { CURRENT_ROLES, FACT_NAMES, FACT_TYPES } from './facts';
export type { EligibilityFacts } from './facts';
export { parseRuleSet, RuleSetError } from './rule-set';
export type { OnFail, Rule, RuleSet } from './rule-set';
export { whatIf } from './what-if';
export type { WhatIfInput, WhatIfReport } from './what-if';

import type { CompiledRuleSet } from './compiled-rule-set';
import type { Decision, Outcome } from './decision';
import type { EligibilityFacts } from './facts';
import type { OnFail } from './rule-set';

/** One application to re-decide: its id and the facts it was decided on. */
export interface WhatIfInput {
  applicationId: string;
  facts: EligibilityFacts;
}

/** What a draft rule set would change, compared with the current one. */
export interface WhatIfReport {
  fromVersion: string;
  toVersion: string;
  total: number;
  /** Applications whose outcome would change. */
  changed: number;
  /** Only the outcome pairs that changed, most common first. */
  byOutcome: { from: Outcome; to: Outcome; count: number }[];
  /** Rules behind the changes, most common first. */
  byRule: { ruleId: string; sentence: string; count: number }[];
  changes: { applicationId: string; from: Outcome; to: Outcome; causedBy: string[] }[];
}

// What a rule did to a decision: nothing, or fail with its onFail. A rule
// missing from a set did nothing, so a new rule counts only when it fails.
type Effect = 'pass' | OnFail;

function effects(decision: Decision): Map<string, Effect> {
  return new Map(decision.results.map((r) => [r.ruleId, r.passed ? 'pass' : r.onFail]));
}

const OUTCOMES: Outcome[] = ['eligible', 'refer', 'ineligible'];

/**
 * Re-decides applications under the current and the draft rule set and
 * reports whose outcome would change and which rules cause it, so a draft can
 * be previewed before it is published. Pure: it reads and stores nothing.
 * @param current the published rule set applications were decided under
 * @param draft the rule set being considered
 * @param applications the applications to compare, usually a whole round
 */
export function whatIf(current: CompiledRuleSet, draft: CompiledRuleSet, applications: WhatIfInput[]): WhatIfReport {
  // Every rule in either set, the draft's order first, with the sentence the
  // applicant would now read.
  const sentences = new Map<string, string>();
  for (const rule of [...draft.rules, ...current.rules]) if (!sentences.has(rule.id)) sentences.set(rule.id, rule.sentence);
  const ruleOrder = [...sentences.keys()];

  const changes: WhatIfReport['changes'] = [];
  for (const { applicationId, facts } of applications) {
    const before = current.evaluate(facts);
    const after = draft.evaluate(facts);
    if (before.outcome === after.outcome) continue;
    const was = effects(before);
    const now = effects(after);
    const causedBy = ruleOrder.filter((id) => (was.get(id) ?? 'pass') !== (now.get(id) ?? 'pass'));
    changes.push({ applicationId, from: before.outcome, to: after.outcome, causedBy });
  }

  return {
    fromVersion: current.version,
    toVersion: draft.version,
    total: applications.length,
    changed: changes.length,
    byOutcome: countOutcomes(changes),
    byRule: countRules(changes, ruleOrder, sentences),
    changes,
  };
}

function countOutcomes(changes: WhatIfReport['changes']): WhatIfReport['byOutcome'] {
  const counts = new Map<string, WhatIfReport['byOutcome'][number]>();
  for (const { from, to } of changes) {
    const key = `${from}>${to}`;
    const entry = counts.get(key) ?? { from, to, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  // Ties in a fixed outcome order, so the same inputs always give the same report.
  const rank = (e: { from: Outcome; to: Outcome }) => OUTCOMES.indexOf(e.from) * OUTCOMES.length + OUTCOMES.indexOf(e.to);
  return [...counts.values()].sort((a, b) => b.count - a.count || rank(a) - rank(b));
}

function countRules(changes: WhatIfReport['changes'], ruleOrder: string[], sentences: Map<string, string>): WhatIfReport['byRule'] {
  const counts = new Map<string, number>();
  for (const change of changes) for (const id of change.causedBy) counts.set(id, (counts.get(id) ?? 0) + 1);
  return ruleOrder
    .filter((id) => counts.has(id))
    .map((id) => ({ ruleId: id, sentence: sentences.get(id)!, count: counts.get(id)! }))
    .sort((a, b) => b.count - a.count || ruleOrder.indexOf(a.ruleId) - ruleOrder.indexOf(b.ruleId));
}

import type { WhatIfReport } from '@app/eligibility';
import { capitalise, type FieldProblem } from '@app/http';
import { ruleSetProblem, type RoundView, type RuleSetProblem } from '@app/intake';
import type { FormError } from '../kit/pages';

/** The rule set pages' state, from plain facts: an upload's problems by rule, the what-if report in words. */

export const RULE_SET_STATUS_TAGS = {
  draft: { text: 'Draft', colour: 'yellow' },
  published: { text: 'Published', colour: 'green' },
} as const;

/** The largest rule set the form takes (the API's limit too). */
export const RULE_SET_SOURCE_MAX = 200_000;

/** Each problem the checker found, split into the rule it is in and what is wrong, for the table and the summary. */
export function uploadProblems(problems: FieldProblem[] | undefined): RuleSetProblem[] {
  return (problems ?? []).filter((p) => p.field === 'source').map((p) => ruleSetProblem(p.message));
}

/** The error summary for an upload: one line per problem, each naming its rule, all linking to the text box. */
export function uploadErrorList(problems: RuleSetProblem[]): FormError[] {
  return problems.map((p) => ({ href: '#source', text: p.rule ? `Rule ${p.rule}: ${p.message}` : sentence(p.message) }));
}

const sentence = capitalise;

const OUTCOME_WORDS = { eligible: 'Eligible', refer: 'Referred for a check', ineligible: 'Not eligible' } as const;

/** The what-if report as the page shows it: the counts, the outcome changes and the rules behind them. */
export function whatIfView(report: WhatIfReport, round: RoundView) {
  return {
    round,
    fromVersion: report.fromVersion,
    toVersion: report.toVersion,
    total: report.total,
    changed: report.changed,
    unchanged: report.total - report.changed,
    byOutcome: report.byOutcome.map((o) => ({ from: OUTCOME_WORDS[o.from], to: OUTCOME_WORDS[o.to], count: o.count })),
    byRule: report.byRule,
  };
}

/** The round to compare with, from the query string: one of the rounds listed, or none. */
export function chosenRound(rounds: RoundView[], roundId: unknown): RoundView | undefined {
  return typeof roundId === 'string' ? rounds.find((r) => r.id === roundId.toLowerCase()) : undefined;
}

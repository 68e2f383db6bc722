import type { DataSource } from 'typeorm';
import type { ReportColumn, ReportFilters } from '../report-definition';
import { narrowedToPeople, outcomeBase, reportQuery, share, shownCount, type YearStart } from './outcome-sql';

export interface RuleExclusion {
  ruleSetVersion: string;
  ruleId: string;
  /** The rule's sentence as the newest decision under that version put it. */
  sentence: string;
  /** Applications the rule was evaluated for (decided under that rule set). */
  decided: number | null;
  /** Failed the rule, which makes the applicant ineligible. */
  excluded: number | null;
  /** Failed the rule (or it could not be evaluated), which refers the application to a person. */
  referred: number | null;
  exclusionRate: number | null;
  referralRate: number | null;
}

export const EXCLUSION_COLUMNS: readonly ReportColumn[] = [
  { key: 'ruleSetVersion', header: 'Rule set', description: 'The version of the eligibility rules that made the decisions' },
  { key: 'ruleId', header: 'Rule', description: 'The rule\u2019s id in the rule set' },
  { key: 'sentence', header: 'Rule in words', description: 'What the rule requires' },
  { key: 'decided', header: 'Applications decided', description: 'Submitted applications whose stored eligibility decision evaluated this rule' },
  { key: 'excluded', header: 'Made ineligible', description: 'Of those, applications that failed this rule, whose failure makes an applicant ineligible' },
  { key: 'referred', header: 'Referred', description: 'Of those, applications that failed this rule (or it could not be evaluated), whose failure refers the application to a person' },
  { key: 'exclusionRate', header: 'Share made ineligible', description: 'Made ineligible divided by applications decided (0 to 1)' },
  { key: 'referralRate', header: 'Share referred', description: 'Referred divided by applications decided (0 to 1)' },
];

/**
 * Which eligibility rules exclude or refer most: every rule result in the
 * decision stored on each submitted application (application.eligibility:
 * outcome, ruleSetVersion, results[{ruleId, sentence, passed, onFail}]), one
 * row per rule set version and rule, most failures first. An application that
 * fails two rules counts against both.
 */
export async function ruleExclusions(db: DataSource, filters: ReportFilters, yearStart: YearStart): Promise<RuleExclusion[]> {
  const base = outcomeBase(filters, yearStart);
  const rows: { rule_set_version: string; rule_id: string; sentence: string; decided: number; excluded: number; referred: number }[] = await reportQuery(db,
    `SELECT a.eligibility->>'ruleSetVersion' AS rule_set_version, r.value->>'ruleId' AS rule_id,
            (array_agg(r.value->>'sentence' ORDER BY a.eligibility->>'decidedAt' DESC NULLS LAST))[1] AS sentence,
            count(*)::int AS decided,
            count(*) FILTER (WHERE NOT (r.value->>'passed')::boolean AND r.value->>'onFail' = 'ineligible')::int AS excluded,
            count(*) FILTER (WHERE NOT (r.value->>'passed')::boolean AND r.value->>'onFail' = 'refer')::int AS referred
     ${base.from} CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(a.eligibility->'results') = 'array' THEN a.eligibility->'results' ELSE '[]'::jsonb END) r
     WHERE ${base.where}
     GROUP BY 1, 2
     ORDER BY count(*) FILTER (WHERE NOT (r.value->>'passed')::boolean) DESC, 1, 2`,
    base.params,
  );
  const narrowed = narrowedToPeople(filters);
  return rows.map((r) => {
    const decided = shownCount(r.decided, narrowed);
    const excluded = shownCount(r.excluded, narrowed);
    const referred = shownCount(r.referred, narrowed);
    return {
      ruleSetVersion: r.rule_set_version,
      ruleId: r.rule_id,
      sentence: r.sentence,
      decided,
      excluded,
      referred,
      exclusionRate: share(excluded, decided),
      referralRate: share(referred, decided),
    };
  });
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledRuleSet, parseRuleSet, whatIf, type Rule, type RuleSet, type WhatIfInput } from '@app/eligibility';
import { careerChanger, practiceManager, schoolLeaver, withFacts } from './test-facts';

const published = parseRuleSet(readFileSync(join(__dirname, '../../../config/eligibility/2026-1.yaml'), 'utf8'));
const current = CompiledRuleSet.compile(published);

/** A draft copy of 2026-1 with some rules replaced (by id) or added. */
function draft(change: (rules: Rule[]) => Rule[]): CompiledRuleSet {
  const ruleSet: RuleSet = { ...published, version: '2026-2', status: 'draft', rules: change(published.rules.map((r) => ({ ...r }))) };
  return CompiledRuleSet.compile(ruleSet);
}

const applicants: WhatIfInput[] = [
  { applicationId: 'PMB-2026-000001', facts: withFacts(schoolLeaver, { ageYears: 15 }) },
  { applicationId: 'PMB-2026-000002', facts: withFacts(schoolLeaver, { ageYears: 16 }) },
  { applicationId: 'PMB-2026-000003', facts: withFacts(schoolLeaver, { ageYears: 17, hasLevel2EnglishAndMaths: false }) },
  { applicationId: 'PMB-2026-000004', facts: withFacts(schoolLeaver, { ageYears: 18 }) },
  { applicationId: 'PMB-2026-000005', facts: practiceManager },
  { applicationId: 'PMB-2026-000006', facts: careerChanger },
];

describe('whatIf', () => {
  it('reports nothing changed when the draft has the same rules', () => {
    const report = whatIf(current, draft((rules) => rules), applicants);
    expect(report).toEqual({ fromVersion: '2026-1', toVersion: '2026-2', total: 6, changed: 0, byOutcome: [], byRule: [], changes: [] });
  });

  it('shows 16 and 17 year olds turned down when the minimum age rises to 18', () => {
    const raised = draft((rules) =>
      rules.map((r) => (r.id === 'aged_16_or_over' ? { ...r, id: 'aged_18_or_over', sentence: 'You must be aged 18 or over.', expression: 'ageYears >= 18' } : r)),
    );
    const report = whatIf(current, raised, applicants);
    expect(report.changed).toBe(2);
    expect(report.byOutcome).toEqual([
      { from: 'eligible', to: 'ineligible', count: 1 },
      { from: 'refer', to: 'ineligible', count: 1 },
    ]);
    // The retired 16+ rule passed for everyone, so only the new rule is named.
    expect(report.byRule).toEqual([{ ruleId: 'aged_18_or_over', sentence: 'You must be aged 18 or over.', count: 2 }]);
    expect(report.changes).toEqual([
      { applicationId: 'PMB-2026-000002', from: 'eligible', to: 'ineligible', causedBy: ['aged_18_or_over'] },
      { applicationId: 'PMB-2026-000003', from: 'refer', to: 'ineligible', causedBy: ['aged_18_or_over'] },
    ]);
  });

  it('names a rule whose expression changed under the same id', () => {
    const raised = draft((rules) => rules.map((r) => (r.id === 'aged_16_or_over' ? { ...r, expression: 'ageYears >= 18' } : r)));
    const report = whatIf(current, raised, applicants);
    expect(report.changes.map((c) => [c.applicationId, c.causedBy])).toEqual([
      ['PMB-2026-000002', ['aged_16_or_over']],
      ['PMB-2026-000003', ['aged_16_or_over']],
    ]);
  });

  it('names a rule that now fails harder, even though it failed before too', () => {
    const stricter = draft((rules) => rules.map((r) => (r.id === 'school_leaver_has_level_2_english_and_maths' ? { ...r, onFail: 'ineligible' } : r)));
    const report = whatIf(current, stricter, applicants);
    expect(report.changes).toEqual([
      { applicationId: 'PMB-2026-000003', from: 'refer', to: 'ineligible', causedBy: ['school_leaver_has_level_2_english_and_maths'] },
    ]);
  });

  it('counts a rule that only the draft has when it fails, and sorts rules by count', () => {
    const added = draft((rules) => [
      ...rules.filter((r) => r.id !== 'qualification_offered_this_round'),
      { id: 'one_year_in_role', sentence: 'You must have been in your role for at least a year.', expression: 'isSchoolLeaver || isCareerChanger || yearsInRole >= 1', onFail: 'refer' },
      { id: 'not_a_career_changer', sentence: 'You must not be changing career this round.', expression: '!isCareerChanger', onFail: 'ineligible' },
    ]);
    const apps = [
      ...applicants,
      { applicationId: 'PMB-2026-000007', facts: withFacts(practiceManager, { yearsInRole: 0 }) },
      { applicationId: 'PMB-2026-000008', facts: withFacts(careerChanger, { ageYears: 50 }) },
      { applicationId: 'PMB-2026-000009', facts: withFacts(practiceManager, { qualificationOffered: false }) },
    ];
    const report = whatIf(current, added, apps);
    expect(report.byRule).toEqual([
      { ruleId: 'not_a_career_changer', sentence: 'You must not be changing career this round.', count: 2 },
      { ruleId: 'one_year_in_role', sentence: 'You must have been in your role for at least a year.', count: 1 },
      // Only in 2026-1, where it failed: dropping it is why 000009 is now eligible.
      { ruleId: 'qualification_offered_this_round', sentence: expect.stringContaining('offered in this funding round'), count: 1 },
    ]);
    expect(report.byOutcome).toEqual([
      { from: 'eligible', to: 'ineligible', count: 2 },
      { from: 'eligible', to: 'refer', count: 1 },
      { from: 'ineligible', to: 'eligible', count: 1 },
    ]);
  });

  it('handles no applications', () => {
    expect(whatIf(current, current, [])).toMatchObject({ total: 0, changed: 0, changes: [] });
  });
});

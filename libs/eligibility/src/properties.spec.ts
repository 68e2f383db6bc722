import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { CompiledRuleSet, CURRENT_ROLES, FACT_NAMES, parseRuleSet, whatIf, type Decision, type EligibilityFacts, type Rule } from '@app/eligibility';

const programme = CompiledRuleSet.compile(parseRuleSet(readFileSync(join(__dirname, '../../../config/eligibility/2026-1.yaml'), 'utf8')));

// Rules that can blow up at run time (overflow, division by zero), so the
// properties also cover rules that fail with an error.
const awkward = CompiledRuleSet.compile({
  version: '2026-99',
  status: 'draft',
  rules: [
    { id: 'divides', sentence: 'Divides by the years in role.', expression: '100 / yearsInRole > 0', onFail: 'ineligible' },
    { id: 'multiplies', sentence: 'Multiplies the age up a lot.', expression: 'ageYears * 1000000000000 > 0', onFail: 'ineligible' },
    { id: 'role_known', sentence: 'Has a role from the list.', expression: `currentRole in ${JSON.stringify(CURRENT_ROLES)}`, onFail: 'refer' },
    { id: 'doubles_levels', sentence: 'Some funded level, doubled, is above the level applied for.', expression: 'fundedLevels.map(l, l * 2).exists(l, l > qualificationLevel)', onFail: 'refer' },
  ] satisfies Rule[],
});

// Whole numbers across the whole space: the plausible range, 32-bit, and the
// edges of JS safe integers, negatives included.
const wholeNumber = fc.oneof(fc.integer({ min: -5, max: 120 }), fc.integer(), fc.maxSafeInteger(), fc.constantFrom(0, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER));

const facts: fc.Arbitrary<EligibilityFacts> = fc.record({
  ageYears: wholeNumber,
  livesInEngland: fc.boolean(),
  worksInEngland: fc.boolean(),
  currentRole: fc.oneof(fc.constantFrom(...CURRENT_ROLES), fc.string()),
  worksInGeneralPractice: fc.boolean(),
  isSchoolLeaver: fc.boolean(),
  isCareerChanger: fc.boolean(),
  hasLevel2EnglishAndMaths: fc.boolean(),
  employerSupportNamed: fc.boolean(),
  qualificationLevel: wholeNumber,
  qualificationOffered: fc.boolean(),
  fundedLevels: fc.array(wholeNumber, { maxLength: 6 }),
  highestQualificationLevel: wholeNumber,
  yearsInRole: wholeNumber,
});

// Anything a buggy caller might pass: fractions, NaN, text, missing facts.
const malformedFacts = fc
  .tuple(facts, fc.dictionary(fc.constantFrom(...FACT_NAMES), fc.oneof(fc.anything(), fc.double(), fc.array(fc.double()))))
  .map(([f, junk]) => ({ ...f, ...junk }) as EligibilityFacts);

function checkConsistent(set: CompiledRuleSet, decision: Decision): void {
  const failed = decision.results.filter((r) => !r.passed);
  expect(decision.ruleSetVersion).toBe(set.version);
  expect(decision.results.map((r) => r.ruleId)).toEqual(set.rules.map((r) => r.id));
  expect(decision.outcome === 'ineligible').toBe(failed.some((r) => r.onFail === 'ineligible'));
  expect(decision.outcome === 'eligible').toBe(failed.length === 0);
  if (decision.outcome === 'eligible') {
    expect(decision.reasons).toEqual([]);
  } else {
    expect(decision.reasons.length).toBeGreaterThanOrEqual(1);
    // Every reason is a failing rule, and every failing rule gives a reason.
    expect([...decision.reasons].sort((a, b) => a.code.localeCompare(b.code))).toEqual(
      failed.map((r) => ({ code: r.ruleId, message: r.sentence })).sort((a, b) => a.code.localeCompare(b.code)),
    );
  }
  // A rule that errored is always a referral to a person.
  for (const r of decision.results) if (r.error !== undefined) expect(r).toMatchObject({ passed: false, onFail: 'refer' });
}

describe.each([
  ['2026-1', programme],
  ['a rule set with run-time errors', awkward],
])('evaluate with %s', (_name, set) => {
  it('never throws, and the outcome, results and reasons agree', () => {
    fc.assert(fc.property(facts, (f) => checkConsistent(set, set.evaluate(f))));
  });

  it('never throws on malformed facts either', () => {
    fc.assert(fc.property(malformedFacts, (f) => checkConsistent(set, set.evaluate(f))));
  });

  it('is deterministic: the same facts give the same decision', () => {
    const again = CompiledRuleSet.compile({ version: set.version, status: set.status, rules: [...set.rules] });
    fc.assert(
      fc.property(facts, (f) => {
        const first = set.evaluate(f);
        expect(set.evaluate(structuredClone(f))).toEqual(first);
        expect(again.evaluate(f)).toEqual(first);
      }),
    );
  });
});

// An independent statement of the 2026-1 programme rules in TypeScript: the
// YAML must agree with it for every possible applicant.
function expectedFailures(f: EligibilityFacts): string[] {
  const failures: [string, boolean][] = [
    ['aged_16_or_over', f.ageYears < 16],
    ['lives_or_works_in_england', !f.livesInEngland && !f.worksInEngland],
    ['in_or_joining_general_practice', !f.worksInGeneralPractice && !f.isSchoolLeaver && !f.isCareerChanger],
    ['not_already_funded_at_this_level', f.fundedLevels.some((level) => level >= f.qualificationLevel)],
    ['qualification_offered_this_round', !f.qualificationOffered],
    ['school_leaver_has_level_2_english_and_maths', f.isSchoolLeaver && !f.hasLevel2EnglishAndMaths],
    ['employer_support_named', f.worksInGeneralPractice && !f.employerSupportNamed],
  ];
  return failures.filter(([, failed]) => failed).map(([id]) => id);
}

it('2026-1 decides exactly as the programme rules say', () => {
  fc.assert(
    fc.property(facts, (f) => {
      const decision = programme.evaluate(f);
      expect(decision.results.filter((r) => !r.passed).map((r) => r.ruleId)).toEqual(expectedFailures(f));
      expect(decision.results.every((r) => r.error === undefined)).toBe(true);
    }),
  );
});

it('whatIf: counts agree, every change is explained, and a set compared with itself changes nothing', () => {
  const applications = fc.array(fc.record({ applicationId: fc.uuid(), facts }), { maxLength: 30 });
  fc.assert(
    fc.property(applications, (apps) => {
      const report = whatIf(programme, awkward, apps);
      expect(report.total).toBe(apps.length);
      expect(report.changed).toBe(report.changes.length);
      expect(report.byOutcome.reduce((n, o) => n + o.count, 0)).toBe(report.changed);
      for (const change of report.changes) expect(change.causedBy.length).toBeGreaterThan(0);
      for (const { ruleId, count } of report.byRule) expect(count).toBe(report.changes.filter((c) => c.causedBy.includes(ruleId)).length);
      expect(whatIf(programme, programme, apps).changed).toBe(0);
    }),
    { numRuns: 50 },
  );
});

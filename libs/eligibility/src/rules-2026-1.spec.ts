import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledRuleSet, parseRuleSet, type EligibilityFacts } from '@app/eligibility';
import { careerChanger, practiceManager, schoolLeaver, withFacts } from './test-facts';

// Reading the real file is fine in a test; the lib itself never reads files.
const configDir = join(__dirname, '../../../config/eligibility');
const rules = CompiledRuleSet.compile(parseRuleSet(readFileSync(join(configDir, '2026-1.yaml'), 'utf8'), '2026-1.yaml'));

function failing(facts: EligibilityFacts): string[] {
  return rules
    .evaluate(facts)
    .results.filter((r) => !r.passed)
    .map((r) => r.ruleId);
}

describe('config/eligibility/2026-1.yaml', () => {
  it('is published version 2026-1 with the seven programme rules', () => {
    expect(rules.version).toBe('2026-1');
    expect(rules.status).toBe('published');
    expect(rules.rules.map((r) => [r.id, r.onFail])).toEqual([
      ['aged_16_or_over', 'ineligible'],
      ['lives_or_works_in_england', 'ineligible'],
      ['in_or_joining_general_practice', 'ineligible'],
      ['not_already_funded_at_this_level', 'ineligible'],
      ['qualification_offered_this_round', 'ineligible'],
      ['school_leaver_has_level_2_english_and_maths', 'refer'],
      ['employer_support_named', 'refer'],
    ]);
  });

  it('names the facts its rules read, and only those', () => {
    expect(rules.facts).toEqual(['ageYears', 'livesInEngland', 'worksInEngland', 'worksInGeneralPractice', 'isSchoolLeaver', 'isCareerChanger', 'hasLevel2EnglishAndMaths', 'employerSupportNamed', 'qualificationLevel', 'qualificationOffered', 'fundedLevels']);
  });

  it('speaks to the applicant as "you" in every sentence', () => {
    for (const rule of rules.rules) expect(rule.sentence).toMatch(/\b[Yy]ou(r)?\b/);
  });

  it('every rule set file parses and is named after its version', () => {
    for (const file of readdirSync(configDir).filter((f) => f.endsWith('.yaml'))) {
      expect(parseRuleSet(readFileSync(join(configDir, file), 'utf8'), file).version).toBe(file.replace(/\.yaml$/, ''));
    }
  });
});

describe('2026-1 scenarios', () => {
  it.each<[string, EligibilityFacts]>([
    ['a practice manager with employer support', practiceManager],
    ['a school leaver with Level 2 English and maths', schoolLeaver],
    ['a career changer', careerChanger],
    ['a receptionist moving up, living in Wales and working in England', withFacts(practiceManager, { livesInEngland: false, currentRole: 'receptionist_or_administrator', qualificationLevel: 3 })],
    ['a manager living in England and working in Scotland', withFacts(practiceManager, { worksInEngland: false })],
    ['someone already funded at level 5 applying for level 6', withFacts(practiceManager, { fundedLevels: [5], qualificationLevel: 6 })],
    ['someone aged exactly 16', withFacts(schoolLeaver, { ageYears: 16 })],
  ])('%s is eligible', (_name, facts) => {
    const decision = rules.evaluate(facts);
    expect(decision).toMatchObject({ outcome: 'eligible', ruleSetVersion: '2026-1', reasons: [] });
    expect(decision.results.every((r) => r.passed)).toBe(true);
  });

  it.each<[string, EligibilityFacts, string]>([
    ['someone aged 15', withFacts(schoolLeaver, { ageYears: 15 }), 'aged_16_or_over'],
    ['someone in Scotland not working in England', withFacts(practiceManager, { livesInEngland: false, worksInEngland: false }), 'lives_or_works_in_england'],
    ['a hospital manager neither in general practice nor changing career', withFacts(practiceManager, { worksInGeneralPractice: false, currentRole: 'other' }), 'in_or_joining_general_practice'],
    ['someone already funded at level 5 applying for level 4', withFacts(practiceManager, { fundedLevels: [5], qualificationLevel: 4 }), 'not_already_funded_at_this_level'],
    ['someone already funded at level 5 applying for level 5 again', withFacts(practiceManager, { fundedLevels: [3, 5] }), 'not_already_funded_at_this_level'],
    ['someone applying for a qualification not offered in the round', withFacts(careerChanger, { qualificationOffered: false }), 'qualification_offered_this_round'],
  ])('%s is ineligible, with that one reason', (_name, facts, ruleId) => {
    const decision = rules.evaluate(facts);
    const rule = rules.rules.find((r) => r.id === ruleId)!;
    expect(decision.outcome).toBe('ineligible');
    expect(decision.reasons).toEqual([{ code: ruleId, message: rule.sentence }]);
  });

  it.each<[string, EligibilityFacts, string]>([
    ['a school leaver without Level 2 English and maths', withFacts(schoolLeaver, { hasLevel2EnglishAndMaths: false }), 'school_leaver_has_level_2_english_and_maths'],
    ['a practice manager without employer support named', withFacts(practiceManager, { employerSupportNamed: false }), 'employer_support_named'],
  ])('%s is referred to a person', (_name, facts, ruleId) => {
    const decision = rules.evaluate(facts);
    expect(decision.outcome).toBe('refer');
    expect(decision.reasons.map((r) => r.code)).toEqual([ruleId]);
  });

  it('only asks school leavers for Level 2 English and maths, and only staff for employer support', () => {
    expect(failing(withFacts(careerChanger, { hasLevel2EnglishAndMaths: false, employerSupportNamed: false }))).toEqual([]);
  });

  it('evaluates every rule and lists ineligible reasons before referrals', () => {
    const facts = withFacts(practiceManager, { ageYears: 15, employerSupportNamed: false, qualificationOffered: false });
    const decision = rules.evaluate(facts);
    expect(decision.results).toHaveLength(7);
    expect(decision.outcome).toBe('ineligible');
    expect(decision.reasons.map((r) => r.code)).toEqual(['aged_16_or_over', 'qualification_offered_this_round', 'employer_support_named']);
  });
});

import { CompiledRuleSet, FACT_NAMES, FACT_TYPES, type EligibilityFacts, type Rule } from '@app/eligibility';
import { toCelFacts } from './facts';
import { practiceManager, withFacts } from './test-facts';

function rule(id: string, expression: string, onFail: Rule['onFail'] = 'ineligible'): Rule {
  return { id, sentence: `You must meet the ${id.replace(/_/g, ' ')} rule.`, expression, onFail };
}

const compile = (...rules: Rule[]) => CompiledRuleSet.compile({ version: '2026-9', status: 'draft', rules });

describe('CompiledRuleSet.evaluate', () => {
  it('reads whole-number facts as CEL ints, so integer literals, lists and macros just work', () => {
    const set = compile(
      rule('adult', 'ageYears >= 18'),
      rule('level_above_3', 'qualificationLevel > 3'),
      rule('moves_up', 'fundedLevels.all(l, l < qualificationLevel)'),
      rule('level_listed', 'qualificationLevel in [4, 5, 6]'),
      rule('sums', 'ageYears - yearsInRole + highestQualificationLevel == 43'),
    );
    const decision = set.evaluate(withFacts(practiceManager, { fundedLevels: [3, 4] }));
    expect(decision.results.map((r) => r.passed)).toEqual([true, true, true, true, true]);
  });

  it('handles negative and very large whole numbers exactly', () => {
    const set = compile(rule('big', 'ageYears == 9007199254740991 && yearsInRole == -9007199254740991'));
    expect(set.evaluate(withFacts(practiceManager, { ageYears: Number.MAX_SAFE_INTEGER, yearsInRole: -Number.MAX_SAFE_INTEGER })).outcome).toBe('eligible');
  });

  it('evaluates every rule rather than stopping at the first failure', () => {
    const set = compile(rule('first', 'ageYears > 100'), rule('second', 'yearsInRole > 100'), rule('third', 'livesInEngland'));
    const decision = set.evaluate(practiceManager);
    expect(decision.results.map((r) => [r.ruleId, r.passed])).toEqual([
      ['first', false],
      ['second', false],
      ['third', true],
    ]);
    expect(decision.reasons.map((r) => r.code)).toEqual(['first', 'second']);
  });

  it('puts ineligible reasons before referrals, each in rule order', () => {
    const set = compile(rule('refer_a', 'false', 'refer'), rule('hard_b', 'false'), rule('refer_c', 'false', 'refer'), rule('hard_d', 'false'));
    expect(set.evaluate(practiceManager).reasons.map((r) => r.code)).toEqual(['hard_b', 'hard_d', 'refer_a', 'refer_c']);
  });

  it('refers, never throws, when a rule fails at run time, and still evaluates the rest', () => {
    const set = compile(
      rule('divides', '100 / (ageYears - 45) > 1'),
      rule('overflows', 'ageYears * 9223372036854775807 > 0'),
      rule('in_england', 'livesInEngland'),
    );
    const decision = set.evaluate(practiceManager);
    expect(decision.outcome).toBe('refer');
    expect(decision.results).toEqual([
      { ruleId: 'divides', sentence: expect.any(String), passed: false, onFail: 'refer', error: 'division by zero' },
      { ruleId: 'overflows', sentence: expect.any(String), passed: false, onFail: 'refer', error: expect.stringMatching(/^integer overflow/) },
      { ruleId: 'in_england', sentence: expect.any(String), passed: true, onFail: 'ineligible' },
    ]);
  });

  it.each<[string, Partial<Record<keyof EligibilityFacts, unknown>>, string]>([
    ['a fractional age', { ageYears: 17.5 }, 'fact ageYears must be a whole number (got 17.5)'],
    ['an age beyond safe integers', { ageYears: 1e20 }, 'fact ageYears must be a whole number (got 100000000000000000000)'],
    ['NaN', { ageYears: NaN }, 'fact ageYears must be a whole number (got NaN)'],
    ['a missing fact', { ageYears: undefined }, 'fact ageYears must be a whole number (got nothing)'],
    ['text for a number', { ageYears: '45' }, 'fact ageYears must be a whole number (got "45")'],
  ])('refers only the rules that use a malformed fact: %s', (_name, changes, error) => {
    const set = compile(rule('adult', 'ageYears >= 18'), rule('in_england', 'livesInEngland'));
    const decision = set.evaluate({ ...practiceManager, ...changes } as EligibilityFacts);
    expect(decision.outcome).toBe('refer');
    expect(decision.results[0]).toMatchObject({ ruleId: 'adult', passed: false, onFail: 'refer', error });
    expect(decision.results[1]).toMatchObject({ ruleId: 'in_england', passed: true });
  });

  it('refers, rather than decides, when a list or flag fact is malformed', () => {
    const set = compile(rule('moves_up', 'fundedLevels.all(l, l < qualificationLevel)'), rule('in_england', 'livesInEngland'));
    const decision = set.evaluate({ ...practiceManager, fundedLevels: [4.5], livesInEngland: 'yes' } as unknown as EligibilityFacts);
    expect(decision.results.map((r) => r.error)).toEqual([
      'fact fundedLevels must be a list of whole numbers (got a list)',
      'fact livesInEngland must be true or false (got "yes")',
    ]);
  });

  it('copes with no facts at all', () => {
    const set = compile(rule('in_england', 'livesInEngland'));
    expect(set.evaluate(null as unknown as EligibilityFacts).outcome).toBe('refer');
  });

  it('a macro variable named like a fact does not hide a malformed fact', () => {
    const set = compile(rule('shadowed', 'fundedLevels.all(ageYears, ageYears > 0)'));
    expect(set.evaluate({ ...practiceManager, ageYears: 1.5 }).results[0].error).toContain('ageYears');
  });
});

describe('facts', () => {
  it('declares a CEL type for every fact', () => {
    expect(FACT_NAMES).toHaveLength(14);
    expect(new Set(Object.values(FACT_TYPES))).toEqual(new Set(['int', 'bool', 'string', 'list<int>']));
  });

  it('converts whole numbers to BigInt, the CEL int', () => {
    const { context, problems } = toCelFacts(withFacts(practiceManager, { fundedLevels: [3, 4] }));
    expect(problems).toEqual({});
    expect(context).toMatchObject({ ageYears: 45n, fundedLevels: [3n, 4n], livesInEngland: true, currentRole: 'practice_manager' });
  });
});

import { stringify } from 'yaml';
import { CompiledRuleSet, parseRuleSet, RuleSetError, type Rule, type RuleSet } from '@app/eligibility';

const ageRule: Rule = { id: 'aged_16_or_over', sentence: 'You must be aged 16 or over.', expression: 'ageYears >= 16', onFail: 'ineligible' };

function ruleSetYaml(changes: Record<string, unknown> = {}, rules: unknown[] = [ageRule]): string {
  return stringify({ version: '2026-2', status: 'draft', rules, ...changes });
}

function problemsOf(yamlText: string): string[] {
  try {
    parseRuleSet(yamlText, 'config/eligibility/2026-2.yaml');
  } catch (err) {
    if (err instanceof RuleSetError) return err.problems;
    throw err;
  }
  throw new Error('expected a RuleSetError');
}

describe('parseRuleSet', () => {
  it('returns the rule set when it is valid', () => {
    const text = ruleSetYaml({ description: 'A draft for the autumn round.' });
    expect(parseRuleSet(text)).toEqual({ version: '2026-2', status: 'draft', description: 'A draft for the autumn round.', rules: [ageRule] });
  });

  it('accepts the expressions the programme needs: numbers, lists, macros and roles', () => {
    const rules = [
      'qualificationLevel > 3 && highestQualificationLevel < 8',
      'fundedLevels.all(l, l < qualificationLevel)',
      'size(fundedLevels) == 0 || !(qualificationLevel in fundedLevels)',
      'currentRole in ["practice_manager", "assistant_practice_manager"] || yearsInRole >= 2',
    ].map((expression, i) => ({ ...ageRule, id: `rule_${i + 1}`, expression }));
    expect(parseRuleSet(ruleSetYaml({}, rules)).rules).toHaveLength(4);
  });

  it('reports bad YAML with its line', () => {
    expect(problemsOf('version: "2026-2"\nrules: [\n')).toEqual([
      'the file is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1',
    ]);
    expect(problemsOf('version: "2026-1"\nversion: "2026-2"\n')).toEqual(['the file is not valid YAML: Map keys must be unique at line 2, column 1']);
  });

  it('reports an empty file or one that is not a mapping', () => {
    expect(problemsOf('')).toEqual(['the rule set is empty: it needs version, status, rules and optionally description']);
    expect(problemsOf('- just a list')).toEqual(['the rule set must be a mapping: it needs version, status, rules and optionally description']);
  });

  it('rejects unknown keys, at the top and in a rule, naming the rule', () => {
    expect(problemsOf(ruleSetYaml({ owner: 'me' }, [{ ...ageRule, onfail: 'refer' }]))).toEqual([
      'the rule set has unknown key owner',
      'rule aged_16_or_over: has unknown key onfail',
    ]);
  });

  it('rejects a duplicate id', () => {
    expect(problemsOf(ruleSetYaml({}, [ageRule, { ...ageRule, sentence: 'You must be at least sixteen.' }]))).toEqual([
      'rule aged_16_or_over: id is already used by rule #1; ids must be unique',
    ]);
  });

  it.each([
    ['does not parse', 'ageYears >= ', 'expression does not parse: Unexpected token: EOF'],
    ['uses an unknown variable', 'age >= 16', 'expression is not valid: Unknown variable: age'],
    ['compares text with a number', 'currentRole >= 16', 'expression is not valid: no such overload: string >= int'],
    ['gives a number, not true or false', 'ageYears + 1', 'expression must be true or false (a CEL bool) but gives int'],
    ['gives text', 'currentRole', 'expression must be true or false (a CEL bool) but gives string'],
    ['hides its type with dyn', 'dyn(ageYears >= 16)', 'expression must be true or false (a CEL bool) but gives dyn'],
  ])('rejects an expression that %s', (_what, expression, problem) => {
    expect(problemsOf(ruleSetYaml({}, [{ ...ageRule, expression }]))).toEqual([`rule aged_16_or_over: ${problem}`]);
  });

  it.each([
    [{ version: '2026' }, 'version must look like 2026-1: the year, a dash and a number'],
    [{ version: 'v2026-1' }, 'version must look like 2026-1: the year, a dash and a number'],
    [{ version: 2026 }, 'version must be text like "2026-1"'],
    [{ status: 'live' }, 'status must be published or draft'],
  ])('rejects a bad version or status: %j', (changes, problem) => {
    expect(problemsOf(ruleSetYaml(changes))).toEqual([problem]);
  });

  it('rejects a rule set with no rules', () => {
    expect(problemsOf(ruleSetYaml({}, []))).toEqual(['rules must list at least one rule']);
  });

  it('lists every problem at once, each naming its rule, in rule order', () => {
    const rules = [
      { id: 'Bad-Id', sentence: 'short', onFail: 'maybe' },
      42,
      { ...ageRule, id: 'unknown_fact', expression: 'salary > 0' },
    ];
    expect(problemsOf(ruleSetYaml({ version: 'next' }, rules))).toEqual([
      'version must look like 2026-1: the year, a dash and a number',
      'rule Bad-Id: id must be snake_case: lower-case letters and digits joined by single underscores',
      'rule Bad-Id: sentence must be 10-300 characters: a whole sentence the applicant can read',
      'rule Bad-Id: expression is missing',
      'rule Bad-Id: onFail must be ineligible or refer',
      'rule #2: must be a mapping with id, sentence, expression and onFail',
      'rule unknown_fact: expression is not valid: Unknown variable: salary',
    ]);
  });

  it('puts the source and every problem in the message', () => {
    expect(() => parseRuleSet(ruleSetYaml({ status: 'live' }), '2026-2.yaml')).toThrow(
      '2026-2.yaml is not valid:\n- status must be published or draft',
    );
  });
});

describe('CompiledRuleSet.compile', () => {
  it('checks a rule set built in code like parseRuleSet does', () => {
    const ruleSet = { version: '2026-2', status: 'draft', rules: [{ ...ageRule, expression: 'age >= 16' }] } as RuleSet;
    expect(() => CompiledRuleSet.compile(ruleSet)).toThrow(RuleSetError);
    expect(() => CompiledRuleSet.compile(ruleSet)).toThrow('rule aged_16_or_over: expression is not valid: Unknown variable: age');
  });

  it('keeps its own frozen copy of the rules', () => {
    const rules = [{ ...ageRule }];
    const compiled = CompiledRuleSet.compile({ version: '2026-2', status: 'draft', rules });
    rules[0].sentence = 'Changed after compiling.';
    expect(compiled.rules[0].sentence).toBe(ageRule.sentence);
    expect(Object.isFrozen(compiled.rules[0])).toBe(true);
  });
});

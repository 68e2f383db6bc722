import { firstLine, type CompiledExpression } from './cel';
import { decide, type Decision, type RuleResult } from './decision';
import { FACT_NAMES, toCelFacts, type CelFacts, type EligibilityFacts } from './facts';
import { checkRuleSet, type Rule, type RuleSet } from './rule-set';

// A rule that cannot be evaluated must not decide on its own: it fails with
// 'refer' whatever its onFail, so a person looks at the application.
function notEvaluated(rule: Rule, error: string): RuleResult {
  return { ruleId: rule.id, sentence: rule.sentence, passed: false, onFail: 'refer', error };
}

function evaluateRule(rule: Rule, expression: CompiledExpression, facts: CelFacts): RuleResult {
  const badFacts = expression.facts.map((name) => facts.problems[name]).filter((p): p is string => !!p);
  if (badFacts.length) return notEvaluated(rule, badFacts.join('; '));
  try {
    const value: unknown = expression.run(facts.context);
    // Type-checking guarantees a bool; this guards against a library surprise
    // (a Promise, say) being read as a pass.
    if (typeof value !== 'boolean') return notEvaluated(rule, `expression gave ${typeof value}, not true or false`);
    return { ruleId: rule.id, sentence: rule.sentence, passed: value, onFail: rule.onFail };
  } catch (err) {
    return notEvaluated(rule, firstLine(err));
  }
}

/**
 * A validated rule set with every expression parsed and type-checked once,
 * ready to decide many applications. Immutable: a decision records the
 * version, so the rules behind a version must never change in memory either.
 */
export class CompiledRuleSet {
  readonly version: string;
  readonly status: 'published' | 'draft';
  readonly description?: string;
  readonly rules: readonly Rule[];
  /** Every fact some rule reads, in FACT_NAMES order: what a form must ask to judge this rule set. */
  readonly facts: readonly (keyof EligibilityFacts)[];
  readonly #expressions: readonly CompiledExpression[];

  private constructor(ruleSet: RuleSet, expressions: CompiledExpression[]) {
    this.version = ruleSet.version;
    this.status = ruleSet.status;
    this.description = ruleSet.description;
    this.rules = Object.freeze(ruleSet.rules.map((rule) => Object.freeze({ ...rule })));
    this.#expressions = Object.freeze(expressions);
    const read = new Set(expressions.flatMap((e) => e.facts));
    this.facts = Object.freeze(FACT_NAMES.filter((name) => read.has(name)));
    Object.freeze(this);
  }

  /**
   * Validates and compiles a rule set (for example one from parseRuleSet).
   * @throws RuleSetError naming every problem and the rule it is in
   */
  static compile(ruleSet: RuleSet): CompiledRuleSet {
    const checked = checkRuleSet(ruleSet);
    return new CompiledRuleSet(checked.ruleSet, checked.expressions);
  }

  /**
   * Decides eligibility for one set of facts. Every rule is evaluated (no
   * short circuit) so every result can be stored and explained. Never throws:
   * a rule that errors, or uses a fact of the wrong shape, fails with 'refer'.
   */
  evaluate(facts: EligibilityFacts): Decision {
    let celFacts: CelFacts;
    try {
      celFacts = toCelFacts(facts);
    } catch (err) {
      // Only reachable with hostile input (a throwing getter); refer everything.
      const reason = `the facts could not be read: ${firstLine(err)}`;
      return decide(this.version, this.rules.map((rule) => notEvaluated(rule, reason)));
    }
    return decide(
      this.version,
      this.rules.map((rule, index) => evaluateRule(rule, this.#expressions[index], celFacts)),
    );
  }
}

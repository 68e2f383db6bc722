import { parseDocument } from 'yaml';
import { compileExpression, firstLine, type CompiledExpression } from './cel';
import { describeIssues, ruleLabel, ruleSetSchema, type PlacedProblem, type RuleSet } from './rule-set-schema';

export type { OnFail, Rule, RuleSet } from './rule-set-schema';

/** A rule set that cannot be used; `problems` holds one line per problem, naming the rule. */
export class RuleSetError extends Error {
  constructor(
    readonly problems: string[],
    readonly source?: string,
  ) {
    super(`${source ?? 'The rule set'} is not valid:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'RuleSetError';
  }
}

/** A valid rule set with each rule's expression compiled, in rule order. */
export interface CheckedRuleSet {
  ruleSet: RuleSet;
  expressions: CompiledExpression[];
}

function duplicateIds(rules: unknown): PlacedProblem[] {
  if (!Array.isArray(rules)) return [];
  const firstSeen = new Map<string, number>();
  const problems: PlacedProblem[] = [];
  rules.forEach((rule, index) => {
    const id = rule && typeof rule === 'object' ? (rule as { id?: unknown }).id : undefined;
    if (typeof id !== 'string') return;
    const first = firstSeen.get(id);
    if (first === undefined) firstSeen.set(id, index);
    else problems.push({ ruleIndex: index, line: `rule ${id}: id is already used by rule #${first + 1}; ids must be unique` });
  });
  return problems;
}

// Expressions are checked even when other fields are wrong, so one run of the
// checker reports everything an author has to fix.
function expressionProblems(rules: unknown, compiled: CompiledExpression[]): PlacedProblem[] {
  if (!Array.isArray(rules)) return [];
  const problems: PlacedProblem[] = [];
  rules.forEach((rule, index) => {
    const expression = rule && typeof rule === 'object' ? (rule as { expression?: unknown }).expression : undefined;
    if (typeof expression !== 'string' || !expression.trim()) return;
    const result = compileExpression(expression);
    if ('problem' in result) problems.push({ ruleIndex: index, line: `${ruleLabel(rule, index)}: ${result.problem}` });
    else compiled[index] = result;
  });
  return problems;
}

/**
 * Validates a rule set's structure and compiles and type-checks every
 * expression. Throws RuleSetError listing every problem, in rule order.
 */
export function checkRuleSet(raw: unknown, source?: string): CheckedRuleSet {
  const parsed = ruleSetSchema.safeParse(raw);
  const rules = raw && typeof raw === 'object' ? (raw as { rules?: unknown }).rules : undefined;
  const expressions: CompiledExpression[] = [];
  const placed = [
    ...(parsed.success ? [] : describeIssues(raw, parsed.error.issues)),
    ...duplicateIds(rules),
    ...expressionProblems(rules, expressions),
  ];
  if (placed.length || !parsed.success) {
    // A stable sort keeps each rule's problems together and in the order found.
    const problems = placed.sort((a, b) => a.ruleIndex - b.ruleIndex).map((p) => p.line);
    throw new RuleSetError(problems, source);
  }
  return { ruleSet: parsed.data, expressions };
}

/**
 * Parses a rule set from YAML text (callers read the file; this lib does no
 * I/O), validates it strictly and type-checks every expression.
 * @param yamlText the rule set file's contents
 * @param source a name for messages, usually the file path
 * @throws RuleSetError naming every problem and the rule it is in
 */
export function parseRuleSet(yamlText: string, source?: string): RuleSet {
  if (typeof yamlText !== 'string') throw new RuleSetError(['the rule set must be YAML text'], source);
  const doc = parseDocument(yamlText);
  if (doc.errors.length) {
    throw new RuleSetError(
      // The yaml library ends its first line with ":" before a source excerpt.
      doc.errors.map((e) => `the file is not valid YAML: ${firstLine(e).replace(/:$/, '')}`),
      source,
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (err) {
    // toJS refuses documents that expand aliases too far (a "billion laughs" file).
    throw new RuleSetError([`the file is not valid YAML: ${firstLine(err)}`], source);
  }
  return checkRuleSet(raw, source).ruleSet;
}

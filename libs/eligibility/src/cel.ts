import { Environment, type ASTNode, type ParseResult } from '@marcbachmann/cel-js';
import { FACT_NAMES, FACT_TYPES, type EligibilityFacts } from './facts';

// Built once: creating an Environment is the expensive part, and it holds only
// the fact declarations, so sharing it between rule sets is safe.
let shared: Environment | undefined;

/** The CEL environment: exactly the EligibilityFacts variables, nothing undeclared. */
export function eligibilityEnvironment(): Environment {
  if (!shared) {
    // unlistedVariablesAreDyn stays false, so a misspelt fact is a type error
    // when the rule set is loaded rather than a surprise at decision time.
    const env = new Environment({ unlistedVariablesAreDyn: false });
    for (const name of FACT_NAMES) env.registerVariable(name, FACT_TYPES[name]);
    shared = env;
  }
  return shared;
}

/** A rule expression parsed and type-checked once, ready to evaluate many times. */
export interface CompiledExpression {
  run: ParseResult;
  /** The facts the expression mentions, so a malformed fact only affects rules that use it. */
  facts: (keyof EligibilityFacts)[];
}

/** The first line of a CEL error: the rest is a source excerpt that breaks one-line problems. */
export function firstLine(error: unknown): string {
  const summary = (error as { summary?: unknown })?.summary;
  if (typeof summary === 'string' && summary) return summary;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}

function collectIds(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) collectIds(child, into);
    return;
  }
  if (!node || typeof node !== 'object' || !('op' in node)) return;
  const { op, args } = node as ASTNode;
  if (op === 'id') into.add(args as string);
  else collectIds(args, into);
}

/** The fact names an expression mentions (macro variables such as `l` in `.all(l, ...)` are not facts). */
export function referencedFacts(ast: ASTNode): (keyof EligibilityFacts)[] {
  const ids = new Set<string>();
  collectIds(ast, ids);
  return FACT_NAMES.filter((name) => ids.has(name));
}

/**
 * Parses and type-checks one rule expression. Returns a one-line problem
 * instead of throwing, so a rule set can report every bad rule at once.
 */
export function compileExpression(expression: string): CompiledExpression | { problem: string } {
  let run: ParseResult;
  let checked: ReturnType<ParseResult['check']>;
  try {
    run = eligibilityEnvironment().parse(expression);
  } catch (err) {
    return { problem: `expression does not parse: ${firstLine(err)}` };
  }
  try {
    checked = run.check();
  } catch (err) {
    return { problem: `expression is not valid: ${firstLine(err)}` };
  }
  if (!checked.valid) return { problem: `expression is not valid: ${firstLine(checked.error)}` };
  if (checked.type !== 'bool') {
    return { problem: `expression must be true or false (a CEL bool) but gives ${checked.type}` };
  }
  return { run, facts: referencedFacts(run.ast) };
}

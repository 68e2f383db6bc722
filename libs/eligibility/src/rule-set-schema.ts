import { z } from 'zod';

/** What happens to an applicant when a rule fails: turned down, or looked at by a person. */
export type OnFail = 'ineligible' | 'refer';

/** One rule: a CEL expression over the facts, and the sentence that explains it to the applicant. */
export interface Rule {
  id: string;
  sentence: string;
  expression: string;
  onFail: OnFail;
}

/** A versioned set of rules, as written in config/eligibility/<version>.yaml. */
export interface RuleSet {
  version: string;
  status: 'published' | 'draft';
  description?: string;
  rules: Rule[];
}

// "is missing" reads better than zod's "expected string, received undefined"
// when a rule simply leaves a key out.
const required = (expected: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is missing' : `must be ${expected}`),
});

const ruleSchema = z.strictObject({
  id: z
    .string(required('text'))
    .regex(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/, 'must be snake_case: lower-case letters and digits joined by single underscores')
    .max(80, 'must be at most 80 characters'),
  sentence: z
    .string(required('text'))
    .min(10, 'must be 10-300 characters: a whole sentence the applicant can read')
    .max(300, 'must be 10-300 characters: a whole sentence the applicant can read'),
  expression: z.string(required('text')).min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
  onFail: z.enum(['ineligible', 'refer'], required('ineligible or refer')),
});

/**
 * The structure of a rule set. Strict: an unknown key is almost always a typo
 * (say `onfail`), and silently ignoring it would change who gets a bursary.
 */
export const ruleSetSchema = z.strictObject({
  version: z.string(required('text like "2026-1"')).regex(/^\d{4}-\d+$/, 'must look like 2026-1: the year, a dash and a number'),
  status: z.enum(['published', 'draft'], required('published or draft')),
  description: z.string(required('text')).max(500, 'must be at most 500 characters').optional(),
  rules: z.array(ruleSchema, required('a list of rules')).min(1, 'must list at least one rule'),
});

/** Names a rule in a problem line by its id when it has a usable one, else by position. */
export function ruleLabel(raw: unknown, index: number): string {
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.trim() ? `rule ${id}` : `rule #${index + 1}`;
}

/** A problem line and where it belongs, so problems can be listed in rule order. */
export interface PlacedProblem {
  ruleIndex: number;
  line: string;
}

/** Turns zod's issues into one plain line each, naming the rule by id. */
export function describeIssues(raw: unknown, issues: z.core.$ZodIssue[]): PlacedProblem[] {
  const rules = raw && typeof raw === 'object' ? (raw as { rules?: unknown }).rules : undefined;
  return issues.map((issue) => {
    const [top, index, ...rest] = issue.path;
    const message =
      issue.code === 'unrecognized_keys' ? `has unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` : issue.message;
    if (top === 'rules' && typeof index === 'number') {
      const ruleRaw = Array.isArray(rules) ? rules[index] : undefined;
      const where = rest.length ? `${rest.join('.')} ` : '';
      const line = issue.code === 'invalid_type' && !rest.length ? 'must be a mapping with id, sentence, expression and onFail' : `${where}${message}`;
      return { ruleIndex: index, line: `${ruleLabel(ruleRaw, index)}: ${line}` };
    }
    if (issue.path.length === 0 && issue.code === 'invalid_type') {
      const line = raw === null || raw === undefined ? 'the rule set is empty' : 'the rule set must be a mapping';
      return { ruleIndex: -1, line: `${line}: it needs version, status, rules and optionally description` };
    }
    const where = issue.path.length ? `${issue.path.join('.')} ` : 'the rule set ';
    return { ruleIndex: -1, line: `${where}${message}` };
  });
}

import type { FieldProblem } from './problem';

/** How deeply a request body may nest: the API's deepest real body (a bulk report's rows) is three levels. */
export const MAX_BODY_DEPTH = 32;

/**
 * Problems with the shape of what a request sent, before any DTO sees it:
 * text with a NUL character (PostgreSQL cannot store one, and no person types
 * one), and nesting deeper than MAX_BODY_DEPTH (class-transformer recurses
 * once per level and a body 5,000 levels deep overflowed its stack). The walk
 * stops at the limit, so it cannot overflow itself. Each problem names its
 * field as a dotted path (`rows.3.note`); `where` names the part of the
 * request ('body' or 'query') when the whole value is at fault.
 */
export function inputShapeProblems(value: unknown, where: 'body' | 'query'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (problems.length >= 20) return;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) problems.push({ field: path || where, message: 'must not contain a NUL character (\\u0000)' });
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (depth >= MAX_BODY_DEPTH) {
      problems.push({ field: path || where, message: `nests more than ${MAX_BODY_DEPTH} levels deep` });
      return;
    }
    if (Buffer.isBuffer(v)) {
      // An uploaded file: text files (CSV) never hold a NUL byte.
      if (v.includes(0)) problems.push({ field: path || where, message: 'must not contain a NUL byte' });
      return;
    }
    for (const [key, child] of Object.entries(v)) {
      if (key.includes('\u0000')) {
        problems.push({ field: path || where, message: 'has a field name with a NUL character (\\u0000)' });
        continue;
      }
      walk(child, path ? `${path}.${key}` : key, depth + 1);
    }
  };
  walk(value, '', 0);
  return problems;
}

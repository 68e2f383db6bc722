/**
 * The rows of a raw query. TypeORM's PostgreSQL driver returns UPDATE and
 * DELETE results as [rows, rowCount] and everything else as rows; RETURNING
 * clauses need the rows either way.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

import fc from 'fast-check';
import { inputShapeProblems, MAX_BODY_DEPTH } from './input-shape';

describe('inputShapeProblems', () => {
  it('names each text field with a NUL character, by its path', () => {
    expect(inputShapeProblems({ fullName: 'Sam\u0000', rows: [{ note: 'ok' }, { note: 'a\u0000b' }] }, 'body')).toEqual([
      { field: 'fullName', message: 'must not contain a NUL character (\\u0000)' },
      { field: 'rows.1.note', message: 'must not contain a NUL character (\\u0000)' },
    ]);
  });

  it('refuses a body (or a CSV file sent as text) that is itself text with a NUL', () => {
    expect(inputShapeProblems('a,b\n\u0000', 'body')).toEqual([{ field: 'body', message: 'must not contain a NUL character (\\u0000)' }]);
  });

  it('refuses nesting past the limit without recursing further', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(inputShapeProblems(deep, 'body')).toEqual([{ field: Array.from({ length: MAX_BODY_DEPTH }, () => '0').join('.'), message: `nests more than ${MAX_BODY_DEPTH} levels deep` }]);
  });

  it('finds nothing wrong in any ordinary JSON without NUL characters', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 10 }).filter((v) => !JSON.stringify(v).includes('\\u0000')), (value) => inputShapeProblems(value, 'body').length === 0));
  });
});

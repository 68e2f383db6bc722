import { competencyProblems } from './qualifications.service';

describe('competencyProblems', () => {
  const known = ['finance', 'hr_workforce', 'it_data'];
  it('keeps known codes in the framework’s order', () => {
    expect(competencyProblems(['it_data', 'finance'], known)).toEqual({ problems: [], codes: ['finance', 'it_data'] });
    expect(competencyProblems([], known)).toEqual({ problems: [], codes: [] });
  });
  it('names unknown and repeated codes by position, and refuses what is not a list', () => {
    expect(competencyProblems(['finance', 'astrology', 'finance', 3], known).problems.map((p) => p.field)).toEqual(['competencies[1]', 'competencies[2]', 'competencies[3]']);
    expect(competencyProblems('finance', known).problems).toEqual([{ field: 'competencies', message: 'must be a list of competency codes' }]);
  });
});

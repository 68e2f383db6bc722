import { assignNextForm, returnFilters } from './assignment-page';
import { declarationForm } from './conflicts-page';

const ME = '0b7f3f7e-6a43-4d3e-9d1c-0e0f7c3c7a11';
const SOMEONE = '1c8f3f7e-6a43-4d3e-9d1c-0e0f7c3c7a22';
const blank = { n: '10', reviewerId: ME, status: '', roundId: '', region: '', role: '', level: '', sort: '' };

describe('the assignment pages', () => {
  it('check the "assign the next N" form', () => {
    expect(assignNextForm(blank, {}, { userId: ME, role: 'reviewer' })).toEqual({ input: { n: 10, reviewerId: ME, filter: {} }, errors: {} });
    expect(assignNextForm({ ...blank, n: '', reviewerId: '' }, {}, { userId: ME, role: 'admin' }).errors).toEqual({ n: 'Enter how many applications to assign', reviewerId: 'Choose who to assign the applications to' });
    expect(assignNextForm({ ...blank, n: '51' }, {}, { userId: ME, role: 'admin' }).errors).toEqual({ n: 'Enter a whole number from 1 to 50' });
    expect(assignNextForm({ ...blank, n: '2.5' }, {}, { userId: ME, role: 'admin' }).errors.n).toBe('Enter a whole number from 1 to 50');
    expect(assignNextForm({ ...blank, reviewerId: SOMEONE }, {}, { userId: ME, role: 'reviewer' }).errors.reviewerId).toMatch(/Only an administrator/);
    expect(assignNextForm({ ...blank, reviewerId: SOMEONE }, {}, { userId: ME, role: 'admin' }).input?.reviewerId).toBe(SOMEONE);
    const filtered = assignNextForm({ ...blank, status: 'referred', region: 'london', level: '5', sort: 'oldest' }, { regions: ['london'] }, { userId: ME, role: 'reviewer' });
    expect(filtered.input?.filter).toEqual({ status: 'referred', region: 'london', level: 5, sort: 'oldest' });
    // Only statuses "the next N" takes.
    expect(assignNextForm({ ...blank, status: 'offered' }, {}, { userId: ME, role: 'reviewer' }).input?.filter).toEqual({});
  });

  it('return a queue row form only to a view of the queue', () => {
    expect(returnFilters('/portal/staff/applications?status=referred&assigned=none&page=2')).toEqual({ status: 'referred', assigned: 'none', page: 2 });
    expect(returnFilters('https://evil.example/portal/staff/applications')).toEqual({ page: 1 });
    expect(returnFilters('//evil.example/portal/staff/applications')).toEqual({ page: 1 });
    expect(returnFilters('/portal/staff/applications/../../sign-out')).toEqual({ page: 1 });
    expect(returnFilters('')).toEqual({ page: 1 });
  });

  it('check a declared organisation by its kind', () => {
    expect(declarationForm('practice', ' b86001 ')).toEqual({ input: { kind: 'practice', code: 'B86001' }, errors: {} });
    expect(declarationForm('pcn', 'u12345').input).toEqual({ kind: 'pcn', code: 'U12345' });
    expect(declarationForm('icb', 'qwe').input).toEqual({ kind: 'icb', code: 'QWE' });
    expect(declarationForm('', '').errors).toEqual({ kind: 'Choose what kind of organisation it is', code: "Enter the organisation's code" });
    expect(declarationForm('practice', 'B8600').errors.code).toBe('Enter a GP practice ODS code: a letter and five digits, like B86001');
    expect(declarationForm('pcn', 'B86001').errors.code).toMatch(/primary care network code/);
  });
});

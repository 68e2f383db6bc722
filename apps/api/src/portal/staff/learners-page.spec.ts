import { capacityOf, cohortForm, correctionReason, isoDate, learnerFilters, learnersPaging, learnersUrl, withdrawalForm } from './learners-page';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('the learners list filters', () => {
  it('keeps what it understands from the URL and drops the rest', () => {
    expect(learnerFilters({ providerId: ID.toUpperCase(), cohortId: 'x', status: 'started', page: '3' })).toEqual({ providerId: ID, cohortId: undefined, qualificationId: undefined, status: 'started', page: 3 });
    expect(learnerFilters({ status: 'nonsense', page: '-2' })).toMatchObject({ status: undefined, page: 1 });
  });

  it('builds short URLs and pages of 50', () => {
    expect(learnersUrl({ status: 'placed', page: 1 })).toBe('/portal/staff/learners?status=placed');
    expect(learnersPaging({ cohortId: ID, page: 2 }, 120, 50)).toEqual({
      previous: `/portal/staff/learners?cohortId=${ID}`,
      next: `/portal/staff/learners?cohortId=${ID}&page=3`,
      from: 51,
      to: 100,
    });
    expect(learnersPaging({ page: 1 }, 0, 50)).toEqual({ from: 0, to: 0 });
  });
});

describe('the forms', () => {
  it('reads a date in three fields, refusing one that does not exist', () => {
    expect(isoDate({ day: '1', month: '3', year: '2027' }, 'start date')).toEqual({ date: '2027-03-01' });
    expect(isoDate({ day: '31', month: '2', year: '2027' }, 'start date').error).toBe('The start date must be a real date, for example 11 1 2027');
    expect(isoDate({ day: '', month: '', year: '' }, 'start date').error).toBe('Enter the start date');
  });

  it('takes a whole number of places from 1 to 1000', () => {
    expect(capacityOf('12')).toEqual({ capacity: 12 });
    expect(capacityOf('').error).toBe('Enter the number of places');
    expect(capacityOf('2.5').error).toMatch(/whole number/);
    expect(capacityOf('0').error).toBe('The number of places must be between 1 and 1000');
  });

  it('a new cohort: every problem at once, or the input for the service', () => {
    expect(Object.keys(cohortForm({}).errors)).toEqual(['providerId', 'qualificationId', 'startDate', 'capacity', 'deliveryMode']);
    const ok = cohortForm({ providerId: ID, qualificationId: ID, 'startDate[day]': '11', 'startDate[month]': '1', 'startDate[year]': '2027', capacity: '20', deliveryMode: 'online' });
    expect(ok.input).toEqual({ providerId: ID, qualificationId: ID, startDate: '2027-01-11', capacity: 20, deliveryMode: 'online' });
  });

  it('a withdrawal: a listed reason and a date not in the future', () => {
    const body = { reasonCode: 'health', 'date[day]': '2', 'date[month]': '12', 'date[year]': '2026' };
    expect(withdrawalForm(body, '2026-12-02').withdrawal).toEqual({ reasonCode: 'health', date: '2026-12-02' });
    expect(withdrawalForm(body, '2026-12-01').errors).toEqual({ date: 'The date the learner withdrew must be today or in the past' });
    expect(withdrawalForm({ ...body, reasonCode: 'bored' }, '2026-12-02').errors).toEqual({ reasonCode: 'Select why the learner is withdrawing' });
  });

  it('a correction needs a reason', () => {
    expect(correctionReason({ reason: '  mistaken  ' })).toEqual({ reason: 'mistaken' });
    expect(correctionReason({}).error).toBe('Enter why the provider’s report was a mistake');
  });
});

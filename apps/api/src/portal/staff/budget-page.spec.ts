import { ledgerFilterForm, potForm, potUse, topUpForm, transferForm } from './budget-page';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

describe('the budget pages’ forms', () => {
  it('a top-up takes pounds and a reason', () => {
    expect(topUpForm({ amount: '£1,250.50', reason: ' board ' }).input).toEqual({ amountPence: 125_050, reason: 'board' });
    expect(topUpForm({}).errors).toEqual({ amount: 'Enter the amount to add in pounds', reason: 'Enter the reason' });
    expect(topUpForm({ amount: '1.234', reason: 'x' }).errors.amount).toMatch(/in pounds/);
    expect(topUpForm({ amount: '0', reason: 'x' }).errors.amount).toBe('The amount must be more than £0');
    expect(topUpForm({ amount: '5', reason: 'x'.repeat(1001) }).errors.reason).toMatch(/1,000/);
  });

  it('a transfer needs two different pots', () => {
    expect(transferForm({ fromPotId: A, toPotId: B, amount: '10', reason: 'r' }).input).toEqual({ fromPotId: A, toPotId: B, amountPence: 1000, reason: 'r' });
    expect(Object.keys(transferForm({}).errors)).toEqual(['fromPotId', 'toPotId', 'amount', 'reason']);
    expect(transferForm({ fromPotId: A, toPotId: A, amount: '10', reason: 'r' }).errors).toEqual({ toPotId: 'Select a different pot from the one the money comes from' });
  });

  it('a pot needs a name and a real financial year; its money may be left empty', () => {
    expect(potForm({ name: 'London', financialYear: '2026-27' }).input).toEqual({ name: 'London', financialYear: '2026-27', amountPence: 0, purpose: 'bursaries' });
    expect(potForm({ name: 'ab', financialYear: '2026-28', amount: 'x', purpose: 'sweets' }).errors).toEqual({
      name: 'The name must be at least 3 characters',
      financialYear: 'The financial year must be two consecutive years, like 2026-27',
      amount: 'The amount must be in pounds, like 300000 or 1250.50',
      purpose: 'Select what the pot is for',
    });
  });

  it('the ledger filter keeps what is good, names what is not, and carries the good ones to the CSV link', () => {
    const ok = ledgerFilterForm({ potId: A, kind: 'fund', from: '2026-04-01', to: '2026-04-30', providerId: B });
    expect(ok.errors).toEqual({});
    expect(ok.filter).toEqual({ potId: A, kind: 'fund', from: '2026-04-01', to: '2026-04-30', providerId: B });
    expect(ok.queryString).toBe(`potId=${A}&kind=fund&from=2026-04-01&to=2026-04-30&providerId=${B}`);
    const bad = ledgerFilterForm({ potId: 'x', kind: 'steal', from: '2026-02-30', applicationId: 'nope' });
    expect(Object.keys(bad.errors)).toEqual(['potId', 'kind', 'from', 'applicationId']);
    expect(bad.filter).toEqual({});
    expect(ledgerFilterForm({ from: '2026-05-01', to: '2026-04-01' }).errors.to).toMatch(/after the first date/);
    // As people type a date; the filter and its links keep ISO dates.
    const typed = ledgerFilterForm({ from: '1 4 2026', to: '30/4/2026' });
    expect(typed.filter).toEqual({ from: '2026-04-01', to: '2026-04-30' });
    expect(typed.values).toMatchObject({ from: '1 4 2026', to: '30/4/2026' });
    expect(bad.errors.from).toBe('The first date must be a real date, like 1 12 2026');
  });

  it('a pot’s use is what is not available, in whole percent rounded down', () => {
    expect(potUse({ fundedPence: 1000, availablePence: 101 })).toEqual({ usedPence: 899, percentUsed: 89 });
    expect(potUse({ fundedPence: 0, availablePence: 0 })).toEqual({ usedPence: 0, percentUsed: 0 });
  });
});

import { paidForm, runActions } from './payment-run-page';

describe('payment run pages', () => {
  const run = (status: 'draft' | 'submitted' | 'approved', createdBy = 'fran', submittedBy: string | null = 'fran') => ({ status, createdBy: { id: createdBy, name: null }, submittedBy: submittedBy ? { id: submittedBy, name: null } : null });

  it('never offers the builder or submitter the approval, and says why', () => {
    expect(runActions(run('submitted'), 'fran')).toMatchObject({ approve: false, needsSecondApprover: true, cancel: true });
    expect(runActions(run('submitted', 'fran', 'sam'), 'sam')).toMatchObject({ approve: false, needsSecondApprover: true });
    expect(runActions(run('submitted'), 'alex')).toMatchObject({ approve: true, needsSecondApprover: false });
    expect(runActions(run('draft', 'fran', null), 'fran')).toMatchObject({ submit: true, approve: false, recordPaid: false });
    expect(runActions(run('approved'), 'fran')).toMatchObject({ recordPaid: true, cancel: false, approve: false });
  });

  it('checks the payment date and the remittance reference together', () => {
    const body = (day: string, month: string, year: string, ref: string) => ({ 'paidOn[day]': day, 'paidOn[month]': month, 'paidOn[year]': year, remittanceReference: ref });
    expect(paidForm(body('', '', '', ''), '2027-02-03').errors).toEqual({ paidOn: 'Enter the date the money was sent', remittanceReference: 'Enter the remittance reference' });
    expect(paidForm(body('4', '2', '2027', 'BACS'), '2027-02-03').errors).toEqual({ paidOn: 'The date the money was sent must be today or in the past' });
    expect(paidForm(body('31', '2', '2027', 'BACS'), '2027-03-03').errors.paidOn).toMatch(/real date/);
    expect(paidForm(body('3', '2', '2027', ' BACS-1 '), '2027-02-03').input).toEqual({ paidOn: '2027-02-03', remittanceReference: 'BACS-1' });
  });
});

import { auditFilters, auditRow, deliveryFilters, pageLinks, providerForm } from './people-page';

describe('the people pages’ state', () => {
  it('reads the audit filters from the URL: an id or an email address, dates typed either way, "to" including its day', () => {
    const id = '8f0e3a52-4b7c-4d3e-9a1b-2c3d4e5f6a7b';
    expect(auditFilters({ actor: id.toUpperCase(), from: '1 12 2026', to: '2026-12-31', targetType: 'application', page: '2' }).query).toEqual({
      actorId: id,
      targetType: 'application',
      from: new Date('2026-12-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
      page: 2,
    });
    expect(auditFilters({ actor: 'pat@nhs.example', from: '1/2/2027' }).query).toEqual({ actorEmail: 'pat@nhs.example', from: new Date('2027-02-01T00:00:00Z'), page: 1 });
    const bad = auditFilters({ actor: 'pat', from: '30 2 2026', to: '2026-01-01', targetType: 'nonsense', page: '-4' });
    expect(bad.errors).toEqual({ actor: expect.stringContaining('email address'), from: 'Date from must be a real date, like 1 12 2026' });
    expect(bad.query).toEqual({ to: new Date('2026-01-02T00:00:00Z'), page: 1 });
    expect(bad.values.targetType).toBe('');
    expect(auditFilters({ from: '2026-12-02', to: '2026-12-01' }).errors).toEqual({ to: 'Date to must be the same as or after date from' });
  });

  it('reads the delivery filters, dropping a status or topic it does not know', () => {
    expect(deliveryFilters({ status: 'failed', topic: 'account.invitation', recipient: 'pat@nhs.example' }).query).toEqual({ status: 'failed', topic: 'account.invitation', recipient: 'pat@nhs.example', page: 1 });
    const odd = deliveryFilters({ status: 'lost', topic: 'x', recipient: 'pat' });
    expect(odd.query).toEqual({ page: 1 });
    expect(odd.errors).toEqual({ recipient: expect.stringContaining('email address') });
  });

  it('shows an audit entry with a link to its target, before and after as rows, and never a secret', () => {
    const row = auditRow({
      id: '1',
      at: '2026-12-01T10:00:00.000Z',
      actorId: null,
      actorEmail: null,
      actorRole: 'system',
      action: 'application.promoted',
      targetType: 'application',
      targetId: '8f0e3a52-4b7c-4d3e-9a1b-2c3d4e5f6a7b',
      before: { status: 'waitlisted' },
      after: { status: 'offered', recoveryCode: 'abcd-efgh', revokedAt: '2026-12-01T10:00:00.000Z', startDate: '2027-01-18' },
      requestId: null,
    });
    expect(row.actor).toBe('The system');
    expect(row.target).toEqual({ text: 'Application 8f0e3a52', href: '/portal/staff/applications/8f0e3a52-4b7c-4d3e-9a1b-2c3d4e5f6a7b' });
    expect(row.changes).toEqual([
      { field: 'Status', before: 'waitlisted', after: 'offered' },
      { field: 'Recovery code', before: '', after: 'Withheld' },
      { field: 'Revoked at', before: '', after: '1 December 2026 at 10am' },
      { field: 'Start date', before: '', after: '18 January 2027' },
    ]);
    expect(auditRow({ ...row, id: '2', at: row.at, actorId: 'k', actorEmail: null, actorRole: 'provider_api_key', targetType: 'notification', targetId: 'x', before: null, after: null, requestId: null }).target).toEqual({ text: 'Email x' });
  });

  it('checks a provider’s name and UKPRN, and pages keeping the filters', () => {
    expect(providerForm({ name: 'N', ukprn: '1234 5678' })).toEqual({ values: { name: 'N', ukprn: '12345678' }, errors: { name: expect.stringContaining('between 2 and 200') } });
    expect(pageLinks('/portal/staff/audit', { action: 'a.b', actor: '' }, 2, 120, 50)).toEqual({
      from: 51,
      to: 100,
      previous: '/portal/staff/audit?action=a.b',
      next: '/portal/staff/audit?action=a.b&page=3',
    });
  });
});

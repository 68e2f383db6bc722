import { contactDetails, cookieRows } from './service-pages';

describe('the service pages', () => {
  it('lists both cookies with the configured lifetimes', () => {
    const rows = cookieRows({ auth: { sessionIdleMinutes: 30, sessionAbsoluteHours: 12, requireStaffMfa: true, maxFailedSignIns: 5, lockoutMinutes: 15 } });
    expect(rows.map((r) => r.name)).toEqual(['pmdp_session', 'pmdp_form', 'pmdp_eligibility']);
    expect(rows[0].expires).toBe('When you sign out, after 30 minutes without using the service, or 12 hours after you signed in, whichever comes first');
    expect(rows[1].expires).toBe('After 2 hours');
  });

  it('says 1 hour and 1 minute in the singular', () => {
    const rows = cookieRows({ auth: { sessionIdleMinutes: 1, sessionAbsoluteHours: 1, requireStaffMfa: true, maxFailedSignIns: 5, lockoutMinutes: 15 } });
    expect(rows[0].expires).toContain('after 1 minute without');
    expect(rows[0].expires).toContain('or 1 hour after');
  });

  it('gives the phone number as a tel: link without spaces', () => {
    const programme = { contact: { email: 'team@example.nhs.uk', phone: '0300 000 0000', hours: 'Monday to Friday' } } as never;
    expect(contactDetails({ programme })).toEqual({ email: 'team@example.nhs.uk', phone: '0300 000 0000', phoneHref: 'tel:03000000000', hours: 'Monday to Friday' });
  });
});

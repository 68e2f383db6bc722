import { TestClock } from '@app/config';
import { offerExpiresAt, offerExpiryCutoff, offerHasExpired } from './offer-expiry';

describe('offer expiry by the clock', () => {
  const DAYS = 14;
  const offeredAt = new Date('2027-04-01T09:30:00Z');

  it('expires when the clock passes the expiry, and not before', () => {
    const clock = new TestClock(offeredAt);
    const expiresAt = offerExpiresAt(offeredAt, DAYS);
    expect(expiresAt.toISOString()).toBe('2027-04-15T09:30:00.000Z');

    clock.advance({ days: 13, hours: 23 });
    expect(offerHasExpired(offeredAt, clock.now(), DAYS)).toBe(false);

    clock.set(expiresAt);
    expect(offerHasExpired(offeredAt, expiresAt, DAYS)).toBe(false);

    clock.advance({ minutes: 1 });
    expect(offerHasExpired(offeredAt, clock.now(), DAYS)).toBe(true);
  });

  it('the sweep cutoff agrees with the rule at every instant around the expiry', () => {
    for (const offsetMs of [-86_400_000, -1, 0, 1, 86_400_000]) {
      const now = new Date(offerExpiresAt(offeredAt, DAYS).getTime() + offsetMs);
      expect(offeredAt < offerExpiryCutoff(now, DAYS)).toBe(offerHasExpired(offeredAt, now, DAYS));
    }
  });
});

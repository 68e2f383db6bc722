const DAY_MS = 86_400_000;

/** When an offer made at `offeredAt` expires: `days` (the programme's offerExpiryDays) later. */
export function offerExpiresAt(offeredAt: Date, days: number): Date {
  return new Date(offeredAt.getTime() + days * DAY_MS);
}

/** Whether an offer made at `offeredAt` has expired at `now` (by the Clock): strictly after its expiry. */
export function offerHasExpired(offeredAt: Date, now: Date, days: number): boolean {
  return now.getTime() > offerExpiresAt(offeredAt, days).getTime();
}

/** Offers made before this instant have expired at `now`; what the expiry sweep's SQL compares with. */
export function offerExpiryCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

import fc from 'fast-check';
import { bursarySplit } from './bursary';

describe('bursarySplit', () => {
  it('pays the start share rounded down and the rest on completion', () => {
    expect(bursarySplit({ bursaryPence: 50_000, startPaymentPercent: 40 })).toEqual({ startPence: 20_000, completionPence: 30_000 });
    expect(bursarySplit({ bursaryPence: 999, startPaymentPercent: 33 })).toEqual({ startPence: 329, completionPence: 670 });
    expect(bursarySplit({ bursaryPence: 50_000, startPaymentPercent: 0 })).toEqual({ startPence: 0, completionPence: 50_000 });
    expect(bursarySplit({ bursaryPence: 50_000, startPaymentPercent: 100 })).toEqual({ startPence: 50_000, completionPence: 0 });
  });

  it('always sums to the bursary in whole pence, with neither part negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 100 }), (bursaryPence, startPaymentPercent) => {
        const { startPence, completionPence } = bursarySplit({ bursaryPence, startPaymentPercent });
        expect(startPence + completionPence).toBe(bursaryPence);
        expect(Number.isInteger(startPence) && Number.isInteger(completionPence)).toBe(true);
        expect(startPence).toBeGreaterThanOrEqual(0);
        expect(completionPence).toBeGreaterThanOrEqual(0);
        // The remainder goes to the completion: the start never gets more than its share.
        expect(startPence * 100).toBeLessThanOrEqual(bursaryPence * startPaymentPercent);
      }),
    );
  });
});

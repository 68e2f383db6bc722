import { SystemClock, TestClock } from './clock';

describe('Clock', () => {
  it('the system clock tells the time', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('a test clock can be set, moves forward, and keeps running', async () => {
    const clock = new TestClock(new Date('2027-04-01T00:00:00Z'));
    expect(clock.today()).toBe('2027-04-01');
    clock.advance({ days: 14, hours: 1 });
    expect(clock.now().toISOString().slice(0, 13)).toBe('2027-04-15T01');
    const a = clock.now().getTime();
    await new Promise((r) => setTimeout(r, 5));
    expect(clock.now().getTime()).toBeGreaterThan(a);
    expect(() => clock.advance(-1)).toThrow(/only moves forward/);
  });
});

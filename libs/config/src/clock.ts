/**
 * The one answer to "what time is it" wherever the answer decides an outcome
 * (an offer expiring, a reminder falling due, a window closing, which
 * financial year it is). Inject it; never call `new Date()` for a decision.
 * SQL that decides by time takes `clock.now()` as a parameter instead of
 * calling `now()`, so a test, or a simulated programme year, can move time
 * for the database too.
 */
export abstract class Clock {
  /** The current instant. */
  abstract now(): Date;

  /** Today's date (UTC) as `YYYY-MM-DD`. */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}

/** Production time: the system clock. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

const DAY_MS = 86_400_000;

/**
 * A clock tests (and a simulated programme year) can set and move forward.
 * It keeps running from wherever it was set, so ordering by time still works
 * between two moves.
 */
export class TestClock extends Clock {
  private offsetMs = 0;

  constructor(start?: Date) {
    super();
    if (start) this.set(start);
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Jumps to `at` (and runs on from there). */
  set(at: Date): this {
    this.offsetMs = at.getTime() - Date.now();
    return this;
  }

  /** Moves time forward by `by` (milliseconds, or days and hours). */
  advance(by: number | { days?: number; hours?: number; minutes?: number }): this {
    const ms = typeof by === 'number' ? by : (by.days ?? 0) * DAY_MS + (by.hours ?? 0) * 3_600_000 + (by.minutes ?? 0) * 60_000;
    if (ms < 0) throw new Error('A test clock only moves forward: use set() to jump');
    this.offsetMs += ms;
    return this;
  }
}

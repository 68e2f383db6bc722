import { ForecastService, PipelineSource } from '@app/budget';
import { pot } from './factories/intake.factory';
import { seedUpTo, simulatedPasses, simulateProgramme, type SimRound } from './factories/simulated-year';
import { World } from './support/world';

/**
 * The forecast on a seeded year: a simulated programme (1,500 applicants
 * through three rounds, 12- and 18-month qualifications, withdrawals, fails
 * and passes drawn person by person) is written to the database as it stood
 * on 1 October 2026, the clock is set there, and the forecast's passes for
 * the rest of the 2026-27 financial year are set against the passes the
 * simulation itself produced in that half year.
 */
describe('the forecast on a seeded year', () => {
  const MID = Date.parse('2026-10-01T00:00:00Z');
  const rounds: SimRound[] = [
    { name: 'Spring 2025', opensAt: '2025-04-01T00:00:00Z', closesAt: '2025-06-30T00:00:00Z' },
    { name: 'Autumn 2025', opensAt: '2025-10-01T00:00:00Z', closesAt: '2025-12-31T00:00:00Z' },
    { name: 'Spring 2026', opensAt: '2026-04-01T00:00:00Z', closesAt: '2026-06-30T00:00:00Z' },
  ];
  const people = simulateProgramme({ seed: 20261001, rounds, perRound: 500, longShare: 0.4 });
  let w: World;

  beforeAll(async () => {
    w = await World.start({ worker: false });
    w.clock.set(new Date(MID));
    await pot(w, 100_000_000);
    await seedUpTo(w, people, rounds, MID);
  }, 120_000);
  afterAll(() => w.stop());

  it("the pipeline separates placed from started and counts training's outcomes only among learners whose course has run", async () => {
    const snapshot = await w.api.app.get(PipelineSource).snapshot({ label: '2026-27', startsOn: '2026-04-01', endsOn: '2027-03-31' });
    const at = (d: string | undefined) => (d === undefined ? Infinity : Date.parse(d));
    const placedBy = people.filter((p) => p.enrolment && p.enrolment.placedAt < MID);
    const withdrawnBy = (p: (typeof people)[number]) => (p.enrolment!.withdrawnAt ?? Infinity) < MID;
    const started = placedBy.filter((p) => at(p.enrolment!.startedOn) < MID && !withdrawnBy(p) && at(p.enrolment!.completedOn) >= MID);
    const placed = placedBy.filter((p) => at(p.enrolment!.startedOn) >= MID && !withdrawnBy(p));
    const addMonths = (d: string, m: number) => new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1 + m, +d.slice(8, 10))).toISOString().slice(0, 10);
    // Matured: the course's length and 60 days to report the outcome have run.
    const matured = placedBy.filter((p) => p.enrolment!.startedOn && addMonths(p.enrolment!.startedOn, p.qualificationMonths) <= '2026-08-02');
    const passed = matured.filter((p) => p.enrolment!.outcome === 'passed' && at(p.enrolment!.completedOn) < MID).length;
    const failed = matured.filter((p) => p.enrolment!.outcome === 'failed' && at(p.enrolment!.completedOn) < MID).length;
    const withdrew = matured.filter(withdrawnBy).length;
    const beforeStart = placedBy.filter((p) => withdrawnBy(p) && !p.enrolment!.startedOn).length;

    expect(beforeStart).toBeGreaterThan(0);
    expect(snapshot.counts).toMatchObject({ started: started.length, placed: placed.length, completed: simulatedPasses(people, '2026-04-01', '2026-09-30') });
    expect(snapshot.conversions.started).toEqual({ left: passed + failed + withdrew, movedOn: passed, withdrew });
    // Withdrawals before a start are outcomes of placement, not of training.
    expect(snapshot.conversions.placed).toEqual({ left: placedBy.filter((p) => at(p.enrolment!.startedOn) < MID || withdrawnBy(p)).length, movedOn: placedBy.filter((p) => at(p.enrolment!.startedOn) < MID).length });
    const byLength = (months: number) => started.filter((p) => p.qualificationMonths === months).length;
    const inGroups = (months: number) => snapshot.trainingGroups!.filter((g) => g.durationMonths === months).reduce((s, g) => s + g.count, 0);
    expect([inGroups(12), inGroups(18)]).toEqual([byLength(12), byLength(18)]);
    expect(snapshot.rounds).toHaveLength(1);
  });

  it("forecasts the second half's passes from the first half's data within 10% of what the simulation produced", async () => {
    const f = await w.api.app.get(ForecastService).forecast();
    const actual = simulatedPasses(people, '2026-10-01', '2027-03-31');
    const soFar = simulatedPasses(people, '2026-04-01', '2026-09-30');
    expect(f.asOf).toBe('2026-10-01');
    expect(f.qualified.completedSoFar).toBe(soFar);
    expect(actual).toBeGreaterThan(150);
    const error = Math.abs(f.qualified.expectedPasses - actual) / actual;
    // Printed so a drift shows before it fails.
    console.log(`seeded year: ${soFar} passed by 30 September; second half simulated ${actual}, forecast ${f.qualified.expectedPasses} (${(error * 100).toFixed(1)}% off)`);
    expect(error).toBeLessThanOrEqual(0.1);
    expect(f.stages.find((s) => s.stage === 'started')).toMatchObject({ rateSource: 'observed' });
    // The only round of the year closed on 30 June: nothing new arrives in the second half.
    expect(f.months.every((m) => m.submissions === 0)).toBe(true);
    expect(f.assumptions.join('\n')).toContain('No new submissions: no funding round is open for the rest of the year');
  });
});

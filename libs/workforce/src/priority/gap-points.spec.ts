import fc from 'fast-check';
import { gapPoints, gapWords, type GapPointsInput } from './gap-points';
import { compareOrders, prioritySettingProblems } from './priority-setting';
import type { GapCell } from '../gap/gap.service';

const cell = (competency: string, areaKind: 'icb' | 'region', gap: number | null, over: Partial<GapCell> = {}): GapCell => ({
  competency,
  areaKind,
  areaCode: areaKind === 'icb' ? 'QWO' : 'north_east_and_yorkshire',
  areaName: areaKind === 'icb' ? 'North Yorkshire ICB' : 'North East and Yorkshire',
  role: 'practice_manager',
  people: 6,
  averageLevel: gap === null ? 2 : 3 - gap,
  shareAtOneOrTwo: 0.5,
  requiredLevel: gap === null ? null : 3,
  gap,
  changeSinceLastYear: null,
  suppressed: false,
  ...over,
});
const names = new Map([
  ['finance', 'Finance'],
  ['leadership_change', 'Leadership and change'],
  ['it_data', 'IT and data'],
]);
const byCode = (cells: GapCell[]) => new Map(cells.map((c) => [c.competency, c]));
const input = (over: Partial<GapPointsInput>): GapPointsInput => ({ competencies: ['finance', 'leadership_change'], competencyNames: names, maxPoints: 30, areaKind: 'icb', icb: new Map(), region: new Map(), ...over });

describe('gapPoints', () => {
  it('is round(maxPoints x mean positive gap / 3) over the qualification’s competencies', () => {
    const r = gapPoints(input({ icb: byCode([cell('finance', 'icb', 1.4), cell('leadership_change', 'icb', 0.6)]) }));
    // mean (1.4 + 0.6) / 2 = 1.0; 30 x 1 / 3 = 10
    expect(r.points).toBe(10);
    expect(r.meanPositiveGap).toBe(1);
    expect(r.competencies.map((c) => [c.code, c.gap, c.areaKind, c.fellBack])).toEqual([
      ['finance', 1.4, 'icb', false],
      ['leadership_change', 0.6, 'icb', false],
    ]);
    expect(gapWords(r.competencies)).toBe('Finance gap 1.4 in North Yorkshire ICB; Leadership and change gap 0.6 in North Yorkshire ICB');
  });

  it('counts a negative gap (ahead of the profile) as 0, not against the applicant', () => {
    const r = gapPoints(input({ icb: byCode([cell('finance', 'icb', 1.5), cell('leadership_change', 'icb', -1)]) }));
    // (1.5 + 0) / 2 = 0.75; 30 x 0.75 / 3 = 7.5 -> 8
    expect(r.points).toBe(8);
  });

  it('falls back to the region when the ICB cell is suppressed or absent, and says so', () => {
    const r = gapPoints(
      input({
        icb: byCode([cell('finance', 'icb', null, { suppressed: true, people: null, averageLevel: null })]),
        region: byCode([cell('finance', 'region', 0.9), cell('leadership_change', 'region', 0.3)]),
      }),
    );
    expect(r.competencies.map((c) => [c.areaKind, c.gap, c.fellBack])).toEqual([
      ['region', 0.9, true],
      ['region', 0.3, true],
    ]);
    expect(r.competencies[0].note).toBe('ICB figures from fewer than 5 people, not used: region used');
    expect(r.competencies[1].note).toBe('no ICB figures for this role: region used');
    expect(r.points).toBe(6); // (0.9 + 0.3) / 2 = 0.6; 30 x 0.6 / 3 = 6
  });

  it('gives nothing for a suppressed cell with no region to fall back on', () => {
    const r = gapPoints(input({ icb: null, region: byCode([cell('finance', 'region', null, { suppressed: true })]) }));
    expect(r.points).toBe(0);
    expect(r.competencies[0]).toMatchObject({ gap: null, areaKind: null, note: 'ICB not known (no practice file entry for the employer); region figures from fewer than 5 people, not used' });
  });

  it('reads only the region when the setting says region', () => {
    const r = gapPoints(input({ areaKind: 'region', icb: byCode([cell('finance', 'icb', 3)]), region: byCode([cell('finance', 'region', 1.5)]) }));
    expect(r.competencies[0]).toMatchObject({ areaKind: 'region', gap: 1.5, fellBack: false });
  });

  it('gives 0 for a qualification covering no competency', () => {
    expect(gapPoints(input({ competencies: [] })).points).toBe(0);
  });

  const gaps = fc.option(fc.double({ min: -3, max: 3, noNaN: true }), { nil: null });
  const arbitrary = fc.record({ finance: gaps, leadership_change: gaps, it_data: gaps, maxPoints: fc.integer({ min: 0, max: 100 }), kind: fc.constantFrom('icb' as const, 'region' as const) });
  const build = (a: { finance: number | null; leadership_change: number | null; it_data: number | null; maxPoints: number; kind: 'icb' | 'region' }) =>
    input({
      competencies: ['finance', 'leadership_change', 'it_data'],
      maxPoints: a.maxPoints,
      areaKind: a.kind,
      icb: byCode((['finance', 'leadership_change', 'it_data'] as const).map((c) => cell(c, 'icb', a[c]))),
      region: byCode((['finance', 'leadership_change', 'it_data'] as const).map((c) => cell(c, 'region', a[c]))),
    });

  it('stays within 0 and maxPoints', () => {
    fc.assert(
      fc.property(arbitrary, (a) => {
        const { points } = gapPoints(build(a));
        return Number.isInteger(points) && points >= 0 && points <= a.maxPoints;
      }),
    );
  });

  it('never falls when a gap widens', () => {
    fc.assert(
      fc.property(arbitrary, fc.double({ min: 0, max: 3, noNaN: true }), (a, more) => {
        const wider = { ...a, finance: Math.min(3, (a.finance ?? 0) + more) };
        return gapPoints(build(wider)).points >= gapPoints(build(a)).points;
      }),
    );
  });

  it('ignores suppressed cells whatever figures they hold', () => {
    fc.assert(
      fc.property(arbitrary, (a) => {
        const i = build(a);
        const hidden = new Map([...i.icb!].map(([k, c]) => [k, { ...c, suppressed: true }]));
        const hiddenRegion = new Map([...i.region!].map(([k, c]) => [k, { ...c, suppressed: true }]));
        return gapPoints({ ...i, icb: hidden, region: hiddenRegion }).points === 0;
      }),
    );
  });
});

describe('compareOrders', () => {
  it('places by score, then oldest submission, and says how far each moved', () => {
    const lines = compareOrders([
      { id: 'a', reference: 'A', status: 'under_review', submittedAt: '2026-01-01', currentScore: 85, newScore: 85, gapPoints: 0 },
      { id: 'b', reference: 'B', status: 'under_review', submittedAt: '2026-01-02', currentScore: 80, newScore: 90, gapPoints: 10 },
      { id: 'c', reference: 'C', status: 'referred', submittedAt: '2026-01-03', currentScore: null, newScore: 85, gapPoints: 0 },
    ]);
    expect(lines.map((l) => [l.reference, l.currentPosition, l.newPosition, l.movedBy])).toEqual([
      ['B', 2, 1, 1],
      ['A', 1, 2, -1],
      ['C', 3, 3, 0],
    ]);
  });
});

describe('prioritySettingProblems', () => {
  it('names every bad field', () => {
    expect(prioritySettingProblems({ gapWeighting: 'yes', maxPoints: 0, areaKind: 'pcn', note: 'x'.repeat(501) }).map((p) => p.field)).toEqual(['gapWeighting', 'maxPoints', 'areaKind', 'note']);
    expect(prioritySettingProblems({ gapWeighting: true, maxPoints: 30, areaKind: 'icb' })).toEqual([]);
  });
});

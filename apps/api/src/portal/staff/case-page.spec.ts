import { appealFromForm, caseBanner, chosenIds, decidedCode, decisionFromForm, factRows, money, moneyPanel, priorityLines, skillRows } from './case-page';

const W = { competencies: [{ code: 'finance', name: 'Finance', description: '' }, { code: 'it_data', name: 'IT and data', description: '' }], ratings: { 1: 'New to it', 2: 'Some experience', 3: 'Confident', 4: 'Could teach it' } };
const ID = '0b7f3f7e-6a43-4d3e-9d1c-0e0f7c3c7a11';

describe('the case page', () => {
  it('writes money as the service manual does', () => {
    expect([money(50_000), money(125_050), money(0), money(-2_000), money(99)]).toEqual(['£500', '£1,250.50', '£0', '-£20', '£0.99']);
  });

  it('reads a decision, refusing a reason of another decision and naming each field', () => {
    expect(decisionFromForm({ decision: 'approve', reasonCode: 'meets_criteria', note: ' ok ' }).input).toEqual({ decision: 'approve', reasonCode: 'meets_criteria', note: 'ok' });
    expect(decisionFromForm({ decision: 'reject', reasonCode: 'insufficient_evidence', note: '' }).input).toEqual({ decision: 'reject', reasonCode: 'insufficient_evidence' });
    const wrong = decisionFromForm({ decision: 'approve', reasonCode: 'insufficient_evidence' });
    expect(wrong.input).toBeUndefined();
    expect(wrong.errors.reasonCode).toBe('Select a reason for approving: "Insufficient evidence" is not one');
    expect(Object.keys(decisionFromForm({}).errors).sort()).toEqual(['decision', 'reasonCode']);
    expect(decisionFromForm({ decision: 'waitlist', reasonCode: 'made_up' }).errors.reasonCode).toMatch(/waiting list/);
    expect(decisionFromForm({ decision: 'approve', reasonCode: 'meets_criteria', note: 'x'.repeat(2001) }).errors).toHaveProperty('note');
  });

  it('shows each competency with the rating in words, and the facts in words', () => {
    expect(skillRows({ finance: 2 }, W)).toEqual([
      { key: 'Finance', value: '2: Some experience' },
      { key: 'IT and data', value: 'Not answered' },
    ]);
    expect(skillRows(null, W)).toEqual([]);
    expect(factRows({ ageYears: 41, worksInEngland: true, currentRole: 'assistant_practice_manager', highestQualificationLevel: 0 })).toEqual([
      { key: 'Age', value: '41 years' },
      { key: 'Current role', value: 'Assistant practice manager' },
      { key: 'Works in England', value: 'Yes' },
      { key: 'Highest qualification', value: 'None' },
    ]);
  });

  it('says what approving does to the money, and when it would waitlist instead', () => {
    const m = { potId: 'p', potName: 'Bursaries', availablePence: 30_000, bursaryPence: 50_000, afterPence: 30_000, fundableCount: 0, fundable: false };
    expect(moneyPanel(m).sentence).toMatch(/waiting list for insufficient funds/);
    expect(moneyPanel({ ...m, availablePence: 120_000, afterPence: 70_000, fundableCount: 2, fundable: true }).rows).toContainEqual({ key: 'Available after this approval', value: '£700' });
    expect(moneyPanel(null).sentence).toMatch(/no budget pot/);
  });

  it('puts the outcome in the banner after a decision', () => {
    const a = { qualification: { id: 'q', title: 'Q', level: 5, bursaryPence: 50_000 }, money: null };
    expect(decidedCode({ status: 'offered' })).toBe('offered');
    expect(decidedCode({ status: 'waitlisted', reason: 'insufficient_funds' })).toBe('waitlisted-funds');
    expect(caseBanner('offered', a)).toMatch(/offered £500/);
    expect(caseBanner('waitlisted-funds', a)).toMatch(/insufficient funds/);
    expect(caseBanner('nonsense', a)).toBeUndefined();
  });

  it('reads the ticked applications, at least one and at most the limit', () => {
    expect(chosenIds({ ids: [ID, ID.toUpperCase(), 'x'] }, 100)).toEqual({ ids: [ID] });
    expect(chosenIds({ ids: ID }, 100)).toEqual({ ids: [ID] });
    expect(chosenIds({}, 100).error).toBe('Select at least one application');
    expect(chosenIds({ ids: [ID, ID.replace('a11', 'a12')] }, 1).error).toBe('Select 1 applications or fewer');
  });

  it('needs a decision and a note to decide an appeal', () => {
    expect(appealFromForm({ decision: 'dismiss', note: 'Stands.' }).input).toEqual({ decision: 'dismiss', note: 'Stands.' });
    expect(Object.keys(appealFromForm({ decision: 'maybe' }).errors).sort()).toEqual(['decision', 'note']);
  });
});

describe('priorityLines', () => {
  const fixed = [{ code: 'career_stage' as const, label: 'Career stage (Practice manager)', points: 10 }];
  it('names each part, and the gap with where each figure came from', () => {
    const lines = priorityLines(20, {
      fixed,
      total: 20,
      gap: {
        points: 10, maxPoints: 30, settingVersion: 1, areaKind: 'icb', auditYear: '2026-27', role: 'practice_manager', roleName: 'Practice manager', meanPositiveGap: 1,
        competencies: [
          { code: 'finance', name: 'Finance', areaKind: 'icb', areaCode: 'QWO', areaName: 'North Yorkshire ICB', gap: 1.4, fellBack: false, note: null },
          { code: 'it_data', name: 'IT and data', areaKind: null, areaCode: null, areaName: null, gap: null, fellBack: true, note: 'no ICB figures for this role; no region figures for this role' },
        ],
      },
    });
    expect(lines).toEqual([
      'Career stage (Practice manager): +10',
      'Gap weighting: +10 of up to 30, for the role Practice manager, audit year 2026-27 (Finance gap 1.4 in North Yorkshire ICB; IT and data: no gap used (no ICB figures for this role; no region figures for this role))',
    ]);
  });
  it('says when the sum was capped, and when no parts were kept', () => {
    expect(priorityLines(100, { fixed: [{ ...fixed[0], points: 90 }], total: 100, gap: { points: 20, maxPoints: 20, settingVersion: 1, areaKind: 'region', auditYear: '2026-27', role: 'x', roleName: 'X', meanPositiveGap: 3, competencies: [] } })).toContain('Capped at 100');
    expect(priorityLines(35, null)).toEqual(['35: from the fixed weights (made before the score\'s parts were kept)']);
  });
});

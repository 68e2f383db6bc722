import type { WorkforceFramework } from '@app/config';
import { inSentence } from '@app/http';
import { auditInput, changeText, checkRows, firstIncomplete, historyEntries, stepAnswers, stepErrors } from './skills-audit-page';

const w = {
  regions: [{ code: 'london', name: 'London', underServed: false, odsCode: 'Y56' }],
  outsideEngland: [{ code: 'wales', name: 'Wales' }],
  currentRoles: [{ code: 'practice_manager', name: 'Practice manager', category: 'general_practice', atScale: false }],
  competencies: [
    { code: 'finance', name: 'Finance', description: 'Budgets' },
    { code: 'it_data', name: 'IT and data', description: 'Systems' },
  ],
  ratings: { 1: 'New to it', 2: 'Some experience', 3: 'Confident', 4: 'Could teach it' },
} as unknown as Pick<WorkforceFramework, 'regions' | 'outsideEngland' | 'currentRoles' | 'competencies' | 'ratings'>;

describe('the skills audit pages', () => {
  it('names each missing or wrong answer on its own page', () => {
    expect(stepErrors('consent', stepAnswers('consent', {}, w), w)).toEqual({ consent: 'Confirm that you agree to your answers being used as described' });
    expect(stepErrors('consent', stepAnswers('consent', { consent: 'yes' }, w), w)).toEqual({});
    expect(Object.keys(stepErrors('role', stepAnswers('role', { currentRole: 'astronaut', region: '', employerOdsCode: 'a8100' }, w), w))).toEqual(['currentRole', 'region', 'employerOdsCode']);
    expect(stepAnswers('role', { currentRole: 'practice_manager', region: 'london', employerOdsCode: ' a81001 ' }, w)).toEqual({ currentRole: 'practice_manager', region: 'london', employerOdsCode: 'A81001' });
    expect(stepErrors('skills', stepAnswers('skills', { 'skills[finance]': '5' }, w), w)).toEqual({
      'skills.finance': 'Select how much experience you have of finance',
      'skills.it_data': 'Select how much experience you have of IT and data',
    });
  });

  it('finds the first unfinished page, and turns complete answers into the service input', () => {
    const done = { consent: 'yes', currentRole: 'practice_manager', region: 'london', employerOdsCode: '', skills: { finance: '2', it_data: '4' } };
    expect(firstIncomplete({}, w)).toBe('consent');
    expect(firstIncomplete({ ...done, region: undefined }, w)).toBe('role');
    expect(firstIncomplete({ ...done, skills: { finance: '2' } }, w)).toBe('skills');
    expect(firstIncomplete(done, w)).toBeUndefined();
    expect(auditInput(done, w)).toEqual({ consent: true, currentRole: 'practice_manager', region: 'london', employerOdsCode: null, skills: { finance: 2, it_data: 4 } });
    expect(checkRows(done, w).map((r) => r.value.text)).toEqual(['Yes', 'Practice manager', 'London', 'Not given', '2: Some experience', '4: Could teach it']);
  });

  it('shows each assessment with the change since the one before', () => {
    expect([changeText(3, undefined), changeText(3, 3), changeText(4, 1), changeText(1, 3)]).toEqual(['First assessment', 'No change', 'Up 3', 'Down 2']);
    const row = (id: string, at: string, skills: Record<string, number>) => ({ id, source: 'audit' as const, auditYear: '2026-27', currentRole: 'practice_manager', region: 'london', employerOdsCode: null, skills, consentedAt: at, submittedAt: at });
    const entries = historyEntries([row('b', '2027-05-02T09:00:00Z', { finance: 3, it_data: 2 }), row('a', '2026-05-02T09:00:00Z', { finance: 1, it_data: 2 })], w);
    expect(entries.map((e) => e.rows.map((r) => r[2].text))).toEqual([
      ['Up 2', 'No change'],
      ['First assessment', 'First assessment'],
    ]);
    expect(entries.map((e) => [e.submittedAt, e.previousAt])).toEqual([
      ['2027-05-02T09:00:00Z', '2026-05-02T09:00:00Z'],
      ['2026-05-02T09:00:00Z', undefined],
    ]);
    expect(inSentence('Governance, compliance and CQC')).toBe('governance, compliance and CQC');
  });
});

import { places, type WorkforceFramework } from '@app/config';
import { inSentence } from '@app/http';
import type { SkillsAuditDraft, SkillsAuditInput, SkillsAuditView } from '@app/workforce';
import { field, type FormBody } from '../kit/form-fields';
import { summaryOf } from '../kit/form-state';
import type { FormError } from '../kit/pages';

type Framework = Pick<WorkforceFramework, 'regions' | 'outsideEngland' | 'currentRoles' | 'competencies' | 'ratings'>;

/** The journey's pages, in order, each with its path under /portal/skills-audit. */
export const AUDIT_STEPS = ['consent', 'role', 'skills'] as const;
export type AuditStep = (typeof AUDIT_STEPS)[number];
export const AUDIT_BASE = '/portal/skills-audit';

const ODS = /^[A-Z][0-9]{5}$/;

/** One page's answers as posted. */
export function stepAnswers(step: AuditStep, body: FormBody, w: Pick<Framework, 'competencies'>): SkillsAuditDraft {
  switch (step) {
    case 'consent':
      return { consent: field(body, 'consent') === 'yes' ? 'yes' : '' };
    case 'role':
      return { currentRole: field(body, 'currentRole'), region: field(body, 'region'), employerOdsCode: field(body, 'employerOdsCode').toUpperCase() };
    case 'skills':
      return { skills: Object.fromEntries(w.competencies.map((c) => [c.code, field(body, `skills[${c.code}]`)])) };
  }
}

/** One page's errors, in the words of the NHS service manual, by field. */
export function stepErrors(step: AuditStep, a: SkillsAuditDraft, w: Framework): Record<string, string> {
  const errors: Record<string, string> = {};
  if (step === 'consent') {
    if (a.consent !== 'yes') errors.consent = 'Confirm that you agree to your answers being used as described';
  } else if (step === 'role') {
    if (!w.currentRoles.some((r) => r.code === a.currentRole)) errors.currentRole = 'Select your current role';
    if (!places(w).some((r) => r.code === a.region)) errors.region = 'Select the NHS England region you work in, or the nation if outside England';
    if (a.employerOdsCode && !ODS.test(a.employerOdsCode)) errors.employerOdsCode = 'Enter your practice’s ODS code as a letter and five digits, like A81001';
  } else {
    for (const c of w.competencies) {
      if (!/^[1-4]$/.test(a.skills?.[c.code] ?? '')) errors[`skills.${c.code}`] = `Select how much experience you have of ${inSentence(c.name)}`;
    }
  }
  return errors;
}


/** Where a field's error links to: its first input. */
export function auditFieldId(name: string): string {
  if (name === 'consent') return 'consent';
  if (name.startsWith('skills.')) return `skills-${name.slice('skills.'.length)}`;
  return name;
}

/** The error summary for a page's errors. */
export function auditErrorList(errors: Record<string, string>): FormError[] {
  return summaryOf(errors, Object.fromEntries(Object.keys(errors).map((k) => [k, auditFieldId(k)])));
}

/** The first page with something missing or wrong, or undefined when the answers are complete. */
export function firstIncomplete(a: SkillsAuditDraft, w: Framework): AuditStep | undefined {
  return AUDIT_STEPS.find((s) => Object.keys(stepErrors(s, a, w)).length > 0);
}

/** The answers as SkillsAuditService.record takes them (call when firstIncomplete is undefined). */
export function auditInput(a: SkillsAuditDraft, w: Pick<Framework, 'competencies'>): SkillsAuditInput {
  return {
    consent: a.consent === 'yes',
    currentRole: a.currentRole ?? '',
    region: a.region ?? '',
    employerOdsCode: a.employerOdsCode || null,
    skills: Object.fromEntries(w.competencies.map((c) => [c.code, Number(a.skills?.[c.code])])),
  };
}

/** The rating choices, "1: New to it" and so on. */
export function ratingItems(w: Pick<Framework, 'ratings'>) {
  return Object.entries(w.ratings)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([value, text]) => ({ value, text: `${value}: ${text}` }));
}

const nameOf = (list: { code: string; name: string }[], code: string | undefined) => list.find((x) => x.code === code)?.name ?? '';
const ratingText = (w: Pick<Framework, 'ratings'>, v: string | number | undefined) => (v === undefined || v === '' ? 'Not answered' : `${v}: ${(w.ratings as Record<string, string>)[String(v)] ?? ''}`);

/** The check-your-answers rows: each answer, with a link to change it. */
export function checkRows(a: SkillsAuditDraft, w: Framework) {
  const change = (step: AuditStep, what: string) => ({ items: [{ href: `${AUDIT_BASE}/${step}`, text: 'Change', visuallyHiddenText: what }] });
  return [
    { key: { text: 'Agreed to how answers are used' }, value: { text: a.consent === 'yes' ? 'Yes' : 'Not answered' }, actions: change('consent', 'whether you agree') },
    { key: { text: 'Current role' }, value: { text: nameOf(w.currentRoles, a.currentRole) || 'Not answered' }, actions: change('role', 'current role') },
    { key: { text: 'NHS England region' }, value: { text: nameOf(places(w), a.region) || 'Not answered' }, actions: change('role', 'region') },
    { key: { text: 'Practice ODS code' }, value: { text: a.employerOdsCode || 'Not given' }, actions: change('role', 'practice ODS code') },
    ...w.competencies.map((c) => ({ key: { text: c.name }, value: { text: ratingText(w, a.skills?.[c.code]) }, actions: change('skills', inSentence(c.name)) })),
  ];
}

/** Change in one competency since the person's previous assessment, in words. */
export function changeText(now: number, before: number | undefined): string {
  if (before === undefined) return 'First assessment';
  const d = now - before;
  if (d === 0) return 'No change';
  return d > 0 ? `Up ${d}` : `Down ${-d}`;
}

/** Each past assessment, newest first, with each competency's rating and its change since the one before. */
export function historyEntries(history: SkillsAuditView[], w: Framework) {
  return history.map((h, i) => {
    const previous = history[i + 1];
    return {
      submittedAt: h.submittedAt,
      auditYear: h.auditYear,
      source: h.source === 'audit' ? 'Skills audit' : 'Your profile',
      role: nameOf(w.currentRoles, h.currentRole) || h.currentRole,
      region: nameOf(places(w), h.region) || h.region,
      previousAt: previous?.submittedAt,
      rows: w.competencies.map((c) => [
        { text: c.name },
        { text: ratingText(w, h.skills[c.code]) },
        { text: h.skills[c.code] === undefined ? '' : changeText(h.skills[c.code], previous?.skills[c.code]) },
      ]),
    };
  });
}

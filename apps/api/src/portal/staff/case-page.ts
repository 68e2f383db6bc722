import type { WorkforceFramework } from '@app/config';
import type { ApplicationDetail, BulkOutcome, Decision, NoteView, PriorityBreakdown } from '@app/intake';
import { formatPence, humanise } from '@app/http';
import { gapWords } from '@app/workforce';
import { CASE_NOTE_MAX, DECISION_NOTE_MAX, DECISIONS, HOLD_REASON_MAX, HOLDABLE_STATUSES, REASON_CODES } from '@app/intake';
import type { FormBody } from '../kit/form-fields';
import { boundedText, field } from '../kit/form-fields';
import type { FormError } from '../kit/pages';
import { STAFF_STATUS_WORDS } from './review-page';
import { summaryOf } from '../kit/form-state';

/** The case page's state, from plain facts: the sections, the skills in words, the money, the forms' values and errors. */

/** Pence as pounds the way the service manual writes them: "£500", "£1,250.50", "-£20". */
export const money = (pence: number): string => formatPence(pence);

export const DECISION_WORDS: Record<Decision, string> = { approve: 'Approve', reject: 'Reject', waitlist: 'Put on the waiting list' };

/** A reason code as words: "meets_criteria" -> "Meets criteria", "no_cqc_registration" -> "No CQC registration". */
export const reasonWords = (code: string): string => humanise(code);

/** The eligibility facts the rules judged, in the order and words a reviewer reads them. */
const FACTS: { key: string; label: string; as?: 'yesno' | 'code' | 'years' | 'levels' | 'level' }[] = [
  { key: 'ageYears', label: 'Age', as: 'years' },
  { key: 'currentRole', label: 'Current role', as: 'code' },
  { key: 'yearsInRole', label: 'Years in the role', as: 'years' },
  { key: 'worksInGeneralPractice', label: 'Works in general practice', as: 'yesno' },
  { key: 'livesInEngland', label: 'Lives in England', as: 'yesno' },
  { key: 'worksInEngland', label: 'Works in England', as: 'yesno' },
  { key: 'highestQualificationLevel', label: 'Highest qualification', as: 'level' },
  { key: 'hasLevel2EnglishAndMaths', label: 'Level 2 English and maths', as: 'yesno' },
  { key: 'isSchoolLeaver', label: 'School leaver', as: 'yesno' },
  { key: 'isCareerChanger', label: 'Career changer', as: 'yesno' },
  { key: 'employerSupportNamed', label: 'Employer support named', as: 'yesno' },
  { key: 'qualificationLevel', label: 'Level of the qualification applied for', as: 'level' },
  { key: 'fundedLevels', label: 'Levels the round funds', as: 'levels' },
];

/** The applicant's facts as summary-list rows (those present). */
export function factRows(facts: Record<string, unknown> | null): { key: string; value: string }[] {
  if (!facts) return [];
  return FACTS.filter((f) => facts[f.key] !== undefined && facts[f.key] !== null).map((f) => {
    const v = facts[f.key];
    let value: string;
    if (f.as === 'yesno') value = v ? 'Yes' : 'No';
    else if (f.as === 'code') value = reasonWords(String(v));
    else if (f.as === 'years') value = `${v} ${v === 1 ? 'year' : 'years'}`;
    else if (f.as === 'level') value = Number(v) === 0 ? 'None' : `Level ${v}`;
    else if (f.as === 'levels') value = Array.isArray(v) && v.length ? v.map((l) => `level ${l}`).join(', ').replace(/^l/, 'L') : 'None';
    else value = String(v);
    return { key: f.label, value };
  });
}

/** The skills self-assessment: each competency of config/workforce.yaml with the rating the applicant gave, in words. */
export function skillRows(skills: Record<string, number> | null | undefined, w: Pick<WorkforceFramework, 'competencies' | 'ratings'>): { key: string; value: string }[] {
  if (!skills) return [];
  const ratings = w.ratings as Record<string | number, string>;
  return w.competencies.map((c) => {
    const r = skills[c.code];
    return { key: c.name, value: r ? `${r}: ${ratings[r] ?? ''}`.replace(/: $/, '') : 'Not answered' };
  });
}

/** The reason codes, grouped by decision, for a select without script: every group shown, the chosen one selected. */
export function reasonGroups(selected?: string) {
  return DECISIONS.map((d) => ({ label: DECISION_WORDS[d], codes: REASON_CODES[d].map((c) => ({ value: c, text: reasonWords(c), selected: c === selected })) }));
}

export interface DecisionValues {
  decision: string;
  reasonCode: string;
  note: string;
}

/** The decision form as posted, or the error beside each field: a decision, a reason code of that decision, a note of at most 2000 characters. */
export function decisionFromForm(body: FormBody): { values: DecisionValues; input?: { decision: Decision; reasonCode: string; note?: string }; errors: Record<string, string> } {
  const values = { decision: field(body, 'decision'), reasonCode: field(body, 'reasonCode'), note: field(body, 'note') };
  const errors: Record<string, string> = {};
  const decision = (DECISIONS as string[]).includes(values.decision) ? (values.decision as Decision) : undefined;
  if (!decision) errors.decision = 'Select approve, reject or put on the waiting list';
  if (!values.reasonCode) errors.reasonCode = 'Select a reason';
  else if (decision && !(REASON_CODES[decision] as readonly string[]).includes(values.reasonCode)) {
    errors.reasonCode = `Select a reason for ${decision === 'waitlist' ? 'putting it on the waiting list' : `${decision === 'approve' ? 'approving' : 'rejecting'}`}: "${reasonWords(values.reasonCode)}" is not one`;
  } else if (!Object.values(REASON_CODES).some((codes) => (codes as readonly string[]).includes(values.reasonCode))) errors.reasonCode = 'Select a reason from the list';
  if (values.note.length > DECISION_NOTE_MAX) errors.note = `The note must be ${DECISION_NOTE_MAX} characters or fewer`;
  if (Object.keys(errors).length || !decision) return { values, errors };
  return { values, input: { decision, reasonCode: values.reasonCode, ...(values.note ? { note: values.note } : {}) }, errors };
}

/** A note as posted, or the error beside it. */
export function noteFromForm(body: FormBody) {
  return boundedText(body, 'body', { max: CASE_NOTE_MAX, missing: 'Enter the note', tooLong: `The note must be ${CASE_NOTE_MAX} characters or fewer` });
}

/** A hold or release reason as posted, or the error beside it. */
export function holdReasonFromForm(body: FormBody, releasing: boolean) {
  const what = releasing ? 'why you are releasing it' : 'why you are putting it on hold';
  return boundedText(body, 'reason', { max: HOLD_REASON_MAX, missing: `Enter ${what}`, tooLong: `The reason must be ${HOLD_REASON_MAX} characters or fewer` });
}

/** Each form field's id on the case page, for the error summary's links. */
const FIELD_IDS: Record<string, string> = {
  decision: 'decision',
  reasonCode: 'reasonCode',
  note: 'decision-note',
  body: 'note-body',
  reason: 'hold-reason',
  refusal: 'decide-refusal',
};

export function caseErrorList(errors: Record<string, string>): FormError[] {
  return summaryOf(errors, FIELD_IDS);
}

/** The banner after a change, from the `done` query: what was done, in words (the money from the case itself). */
export function caseBanner(done: unknown, a: Pick<ApplicationDetail, 'qualification' | 'money'>): string | undefined {
  switch (done) {
    case 'note':
      return 'Note added. Only the programme team can see it.';
    case 'held':
      return 'The application is on hold. It cannot be decided until it is released.';
    case 'released':
      return 'The application has been released. It can be decided again.';
    case 'offered':
      return `Approved: offered ${money(a.qualification.bursaryPence)}, reserved from ${a.money?.potName ?? 'the round’s pot'}.`;
    case 'waitlisted-funds':
      return 'Approved, but the pot cannot cover the bursary: it is on the waiting list, for insufficient funds.';
    case 'waitlisted':
      return 'Put on the waiting list.';
    case 'rejected':
      return 'Rejected. The applicant has been told.';
    case 'ineligible':
      return 'Found not eligible. The applicant has been told.';
    case 'appeal-uphold':
      return 'Appeal upheld: the application is back in review.';
    case 'appeal-dismiss':
      return 'Appeal dismissed: the original decision stands.';
    default:
      return undefined;
  }
}

/** The `done` code for a decision's outcome (its banner). */
export function decidedCode(outcome: { status: string; reason?: string }): string {
  if (outcome.status === 'waitlisted' && outcome.reason === 'insufficient_funds') return 'waitlisted-funds';
  return outcome.status;
}

/** The money beside the decision form, as rows and a sentence. */
export function moneyPanel(m: ApplicationDetail['money']) {
  if (!m) return { rows: [], sentence: 'This round has no budget pot, so no offer can be made until one is set.' };
  return {
    rows: [
      { key: 'Pot', value: m.potName },
      { key: 'Available now', value: money(m.availablePence) },
      { key: 'Bursary', value: money(m.bursaryPence) },
      { key: 'Available after this approval', value: money(m.afterPence) },
      { key: 'Approvals the pot can still fund', value: String(m.fundableCount) },
    ],
    sentence: m.fundable
      ? `Approving reserves ${money(m.bursaryPence)} from the pot and makes an offer.`
      : `The pot has less than the bursary, so approving will put it on the waiting list for insufficient funds. No money is reserved.`,
  };
}

export interface CaseForms {
  decision?: DecisionValues;
  noteBody?: string;
  holdReason?: string;
  errors?: Record<string, string>;
}

/**
 * Why the priority score is what it is, a line per part: each fixed weight
 * that applied, and the gap weighting with the gap of each competency and
 * where it was found ("Gap weighting: +10 for the role Assistant practice
 * manager (Finance gap 1.4 in North Yorkshire ICB; ...)").
 */
export function priorityLines(score: number | null, b: PriorityBreakdown | null): string[] {
  if (!b) return score === null ? [] : [`${score}: from the fixed weights (made before the score's parts were kept)`];
  const lines = b.fixed.map((p) => `${p.label}: +${p.points}`);
  if (b.gap) {
    const g = b.gap;
    const where = g.competencies.length ? ` (${gapWords(g.competencies)})` : ' (the qualification covers no competency)';
    lines.push(`Gap weighting: +${g.points} of up to ${g.maxPoints}, for the role ${g.roleName}, audit year ${g.auditYear ?? 'none'}${where}`);
  }
  const sum = b.fixed.reduce((n, p) => n + p.points, 0) + (b.gap?.points ?? 0);
  if (sum > b.total) lines.push(`Capped at ${b.total}`);
  if (!lines.length) lines.push('No weight applied');
  return lines;
}

/** The whole case page. */
export function casePage(
  a: ApplicationDetail,
  notes: NoteView[],
  skills: Record<string, number> | null | undefined,
  w: Pick<WorkforceFramework, 'competencies' | 'ratings' | 'regions'>,
  options: { mayDecide: boolean; done?: unknown; forms?: CaseForms },
) {
  const errors = options.forms?.errors ?? {};
  const decidable = ['under_review', 'referred', 'waitlisted'].includes(a.status);
  const sections = [
    { href: '#summary', text: 'Summary' },
    { href: '#applicant', text: 'The applicant' },
    { href: '#skills', text: 'Skills self-assessment' },
    { href: '#eligibility', text: 'Eligibility rules' },
    { href: '#statement', text: 'Statement' },
    { href: '#employer-support', text: 'Employer support' },
    { href: '#timeline', text: 'History' },
    { href: '#notes', text: 'Internal notes' },
    ...(a.appeals.length ? [{ href: '#appeals', text: 'Appeals' }] : []),
    ...(options.mayDecide && (a.hold || HOLDABLE_STATUSES.includes(a.status)) ? [{ href: '#hold', text: a.hold ? 'Release' : 'Hold' }] : []),
    ...(options.mayDecide && decidable ? [{ href: '#decide', text: 'Decision' }] : []),
  ];
  return {
    title: `Application ${a.reference}`,
    width: 'full',
    application: a,
    statusText: STAFF_STATUS_WORDS[a.status],
    statusWords: STAFF_STATUS_WORDS,
    // The region's own name ("North East and Yorkshire"): its code in words would lose the capitals.
    regionText: a.region ? (w.regions.find((r) => r.code === a.region)?.name ?? humanise(a.region)) : null,
    sections,
    facts: factRows(a.facts as unknown as Record<string, unknown> | null),
    skills: skillRows(skills, w),
    priorityLines: priorityLines(a.priorityScore, a.priorityBreakdown),
    notes,
    timeline: a.timeline.map((t) => ({
      when: t.at,
      what: t.kind === 'hold' ? 'Put on hold' : t.kind === 'release' ? 'Released from hold' : STAFF_STATUS_WORDS[t.status!],
      who: t.byName ? `${t.byName} (${reasonWords(t.byRole)})` : reasonWords(t.byRole),
      why: [t.reason ? reasonWords(t.reason) : '', t.note ?? ''].filter(Boolean).join(': '),
    })),
    mayDecide: options.mayDecide,
    decidable: decidable && !a.hold,
    holdable: !a.hold && HOLDABLE_STATUSES.includes(a.status),
    moneyPanel: moneyPanel(a.money),
    bursary: money(a.qualification.bursaryPence),
    decisions: DECISIONS.map((d) => ({ value: d, text: DECISION_WORDS[d], checked: d === options.forms?.decision?.decision })),
    reasonGroups: reasonGroups(options.forms?.decision?.reasonCode),
    values: { decision: options.forms?.decision ?? { decision: '', reasonCode: '', note: '' }, noteBody: options.forms?.noteBody ?? '', holdReason: options.forms?.holdReason ?? '' },
    limits: { note: CASE_NOTE_MAX, decisionNote: DECISION_NOTE_MAX, holdReason: HOLD_REASON_MAX },
    errors,
    errorList: caseErrorList(errors),
    banner: caseBanner(options.done, a),
  };
}

/** A bulk preview's outcome in words. */
export const BULK_OUTCOME_WORDS: Record<BulkOutcome, string> = {
  offered: 'Offered',
  waitlisted_insufficient_funds: 'Waiting list: not enough money in the pot',
  waitlisted: 'Waiting list',
  rejected: 'Rejected',
  ineligible: 'Not eligible',
  refused: 'Not decided',
};

/** The chosen application ids from a posted selection (checkboxes named `ids`), each a UUID, at most `max`, or the error. */
export function chosenIds(body: FormBody, max: number): { ids: string[]; error?: string } {
  const raw = [body?.ids].flat().filter((v): v is string => typeof v === 'string');
  const ids = [...new Set(raw.map((v) => v.trim().toLowerCase()).filter((v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v)))];
  if (!ids.length) return { ids, error: 'Select at least one application' };
  if (ids.length > max) return { ids, error: `Select ${max} applications or fewer` };
  return { ids };
}

/** An appeal decision as posted, or the error beside each field. */
export function appealFromForm(body: FormBody): { values: { decision: string; note: string }; input?: { decision: 'uphold' | 'dismiss'; note: string }; errors: Record<string, string> } {
  const values = { decision: field(body, 'decision'), note: field(body, 'note') };
  const errors: Record<string, string> = {};
  if (values.decision !== 'uphold' && values.decision !== 'dismiss') errors.decision = 'Select uphold or dismiss';
  if (!values.note) errors.note = 'Enter a note explaining the decision';
  else if (values.note.length > DECISION_NOTE_MAX) errors.note = `The note must be ${DECISION_NOTE_MAX} characters or fewer`;
  if (Object.keys(errors).length) return { values, errors };
  return { values, input: { decision: values.decision as 'uphold' | 'dismiss', note: values.note }, errors };
}

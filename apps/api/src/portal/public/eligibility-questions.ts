import { places, type WorkforceFramework } from '@app/config';
import type { EligibilityFacts } from '@app/eligibility';
import type { CheckerAnswers } from '@app/intake';
import { dateOfBirthProblem, isoDate } from '../applicant/profile-form';
import { field, type FormBody } from '../kit/form-fields';
import { summaryOf } from '../kit/form-state';

export const CHECKER_BASE = '/portal/eligibility';

/** The checker's answers as typed, kept in its cookie between pages; a field is there once its page was answered. */
export interface CheckerValues {
  day?: string;
  month?: string;
  year?: string;
  currentRole?: string;
  region?: string;
  /** '' when the person has no code to give. */
  employerOdsCode?: string;
  postcode?: string;
  hasLevel2EnglishAndMaths?: string;
  highestQualificationLevel?: string;
  yearsInRole?: string;
}

export const CHECKER_FIELDS: readonly (keyof CheckerValues)[] = ['day', 'month', 'year', 'currentRole', 'region', 'employerOdsCode', 'postcode', 'hasLevel2EnglishAndMaths', 'highestQualificationLevel', 'yearsInRole'];

/** The question pages, in the order they are asked, each at /portal/eligibility/<slug>. */
export const QUESTION_SLUGS = ['date-of-birth', 'role', 'where', 'practice-code', 'postcode', 'english-and-maths', 'qualification-level', 'years-in-role'] as const;
export type QuestionSlug = (typeof QUESTION_SLUGS)[number];

type Framework = Pick<WorkforceFramework, 'regions' | 'outsideEngland' | 'currentRoles'>;
type Fact = keyof EligibilityFacts;

/**
 * Facts about an application rather than a person, which the checker cannot
 * ask: it judges them as EligibilityCheckService.checkAnswers says (a
 * supporter to be named, the qualification on offer, nothing funded before).
 */
export const APPLICATION_FACTS: readonly Fact[] = ['employerSupportNamed', 'qualificationLevel', 'qualificationOffered', 'fundedLevels'];

interface Question {
  /** The facts its answer decides: the page is asked only when the rules read one of them. */
  facts: Fact[];
  fields: (keyof CheckerValues)[];
  /** On check your answers. */
  label: string;
  /** Whether it applies to someone with these answers, following the rules; skipped otherwise. */
  appliesTo?: (v: CheckerValues, w: Framework) => boolean;
}

const category = (v: CheckerValues, w: Framework) => w.currentRoles.find((r) => r.code === v.currentRole)?.category;
const inGeneralPractice = (v: CheckerValues, w: Framework) => category(v, w) === 'general_practice';

export const QUESTIONS: Record<QuestionSlug, Question> = {
  'date-of-birth': { facts: ['ageYears'], fields: ['day', 'month', 'year'], label: 'Date of birth' },
  role: { facts: ['currentRole', 'worksInGeneralPractice', 'isSchoolLeaver', 'isCareerChanger'], fields: ['currentRole'], label: 'Current role' },
  where: { facts: ['worksInEngland', 'livesInEngland'], fields: ['region'], label: 'Where you work or live' },
  // School leavers and people not yet in general practice have no practice to name.
  'practice-code': {
    facts: ['worksInEngland'],
    fields: ['employerOdsCode'],
    label: 'Practice ODS code',
    appliesTo: (v, w) => !['school_leaver', 'career_changer'].includes(category(v, w) ?? ''),
  },
  postcode: { facts: ['livesInEngland'], fields: ['postcode'], label: 'Postcode' },
  // The rules ask only school leavers for Level 2 English and maths (school_leaver_has_level_2_english_and_maths).
  'english-and-maths': { facts: ['hasLevel2EnglishAndMaths'], fields: ['hasLevel2EnglishAndMaths'], label: 'English and maths at level 2', appliesTo: (v, w) => category(v, w) === 'school_leaver' },
  'qualification-level': { facts: ['highestQualificationLevel'], fields: ['highestQualificationLevel'], label: 'Highest qualification' },
  'years-in-role': { facts: ['yearsInRole'], fields: ['yearsInRole'], label: 'Years in current role' },
};

/** The questions the rules need answered (reading `factsRead`), in order, whether or not they apply yet. */
export function askedQuestions(factsRead: readonly Fact[]): QuestionSlug[] {
  return QUESTION_SLUGS.filter((slug) => QUESTIONS[slug].facts.some((f) => factsRead.includes(f)));
}

/** The questions this person is asked: the rules' questions that apply to their answers so far. */
export function journey(v: CheckerValues, factsRead: readonly Fact[], w: Framework): QuestionSlug[] {
  return askedQuestions(factsRead).filter((slug) => QUESTIONS[slug].appliesTo?.(v, w) ?? true);
}

export function isAnswered(slug: QuestionSlug, v: CheckerValues): boolean {
  return QUESTIONS[slug].fields.every((f) => v[f] !== undefined);
}

/** The first question still to answer, or undefined when every one that applies is answered. */
export function firstUnanswered(v: CheckerValues, factsRead: readonly Fact[], w: Framework): QuestionSlug | undefined {
  return journey(v, factsRead, w).find((slug) => !isAnswered(slug, v));
}

/** Where Continue goes: the next question; after a change, back to check your answers unless a new question now applies. */
export function nextPath(slug: QuestionSlug, v: CheckerValues, factsRead: readonly Fact[], w: Framework, change: boolean): string {
  if (change) {
    const missing = firstUnanswered(v, factsRead, w);
    return missing ? `${CHECKER_BASE}/${missing}?change=1` : `${CHECKER_BASE}/check-answers`;
  }
  const steps = journey(v, factsRead, w);
  const next = steps[steps.indexOf(slug) + 1];
  return next ? `${CHECKER_BASE}/${next}` : `${CHECKER_BASE}/check-answers`;
}

/** Where Back goes: the question before, the start page before the first, check your answers when changing one. */
export function backPath(slug: QuestionSlug, v: CheckerValues, factsRead: readonly Fact[], w: Framework, change: boolean): string {
  if (change) return `${CHECKER_BASE}/check-answers`;
  const steps = journey(v, factsRead, w);
  const before = steps[steps.indexOf(slug) - 1];
  return before ? `${CHECKER_BASE}/${before}` : CHECKER_BASE;
}

/** One page's answer from the posted form: only that question's fields. */
export function postedValues(slug: QuestionSlug, body: FormBody): CheckerValues {
  if (slug === 'date-of-birth') return { day: field(body, 'dateOfBirth[day]'), month: field(body, 'dateOfBirth[month]'), year: field(body, 'dateOfBirth[year]') };
  if (slug === 'practice-code') return { employerOdsCode: field(body, 'employerOdsCode').toUpperCase() };
  if (slug === 'postcode') return { postcode: field(body, 'postcode').toUpperCase() };
  const name = QUESTIONS[slug].fields[0];
  return { [name]: field(body, name) };
}

const ODS_SHAPE = /^[A-Z][0-9]{5}$/;

/** The answer's problems by field, in NHS error message words, before the service judges it (a real postcode, a date in the past). */
export function questionErrors(slug: QuestionSlug, v: CheckerValues, w: Framework): Record<string, string> {
  const errors: Record<string, string> = {};
  switch (slug) {
    case 'date-of-birth': {
      const problem = dateOfBirthProblem(v.day ?? '', v.month ?? '', v.year ?? '');
      if (problem) errors.dateOfBirth = problem;
      break;
    }
    case 'role':
      if (!w.currentRoles.some((r) => r.code === v.currentRole)) errors.currentRole = 'Select your current role';
      break;
    case 'where':
      if (!places(w).some((p) => p.code === v.region)) errors.region = `Select the NHS England region you ${inGeneralPractice(v, w) ? 'work' : 'live'} in, or the nation if outside England`;
      break;
    case 'practice-code':
      if (v.employerOdsCode && !ODS_SHAPE.test(v.employerOdsCode)) errors.employerOdsCode = 'Enter your practice’s ODS code as a letter and five digits, like A81001';
      break;
    case 'postcode':
      if (!v.postcode) errors.postcode = 'Enter your postcode';
      else if (v.postcode.length > 10) errors.postcode = 'Enter a real UK postcode, like LS1 4AP';
      break;
    case 'english-and-maths':
      if (!['yes', 'no'].includes(v.hasLevel2EnglishAndMaths ?? '')) errors.hasLevel2EnglishAndMaths = 'Select yes if you have English and maths at level 2 or above';
      break;
    case 'qualification-level':
      if (!/^[0-8]$/.test(v.highestQualificationLevel ?? '')) errors.highestQualificationLevel = 'Select the level of your highest qualification';
      break;
    case 'years-in-role':
      if (!v.yearsInRole) errors.yearsInRole = 'Enter how many years you have been in your current role';
      else if (!/^\d{1,2}$/.test(v.yearsInRole) || +v.yearsInRole > 60) errors.yearsInRole = 'Years in your current role must be a whole number from 0 to 60';
      break;
  }
  return errors;
}

/** Each error's link: the question's first input. */
export function questionErrorList(errors: Record<string, string>) {
  return summaryOf(errors, { dateOfBirth: 'dateOfBirth-day' });
}

/**
 * What the service is given: the answers to the questions this person was
 * asked. A question that does not apply to them gets the value that cannot
 * change the outcome (eligibility-questions.spec.ts proves it for every rule
 * set); one the rules do not need is left out.
 */
export function checkerAnswers(v: CheckerValues, factsRead: readonly Fact[], w: Framework): CheckerAnswers {
  const asked = new Set(askedQuestions(factsRead));
  const applies = new Set(journey(v, factsRead, w));
  const answers: CheckerAnswers = {};
  if (asked.has('date-of-birth')) answers.dateOfBirth = isoDate(v.day ?? '', v.month ?? '', v.year ?? '');
  if (asked.has('role')) answers.currentRole = v.currentRole;
  if (asked.has('where')) answers.region = v.region;
  if (asked.has('practice-code')) answers.employerOdsCode = applies.has('practice-code') ? v.employerOdsCode || null : null;
  if (asked.has('postcode')) answers.postcode = v.postcode;
  if (asked.has('english-and-maths')) answers.hasLevel2EnglishAndMaths = applies.has('english-and-maths') ? v.hasLevel2EnglishAndMaths === 'yes' : false;
  if (asked.has('qualification-level')) answers.highestQualificationLevel = Number(v.highestQualificationLevel);
  if (asked.has('years-in-role')) answers.yearsInRole = Number(v.yearsInRole);
  return answers;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** An answer in words, as check your answers shows it. */
export function answerText(slug: QuestionSlug, v: CheckerValues, w: Framework): string {
  switch (slug) {
    case 'date-of-birth':
      return `${Number(v.day)} ${MONTHS[Number(v.month) - 1]} ${v.year}`;
    case 'role':
      return w.currentRoles.find((r) => r.code === v.currentRole)?.name ?? '';
    case 'where': {
      const place = places(w).find((p) => p.code === v.region);
      return place ? (place.outsideEngland ? `${place.name} (outside England)` : place.name) : '';
    }
    case 'practice-code':
      return v.employerOdsCode || 'Not given';
    case 'postcode':
      return v.postcode ?? '';
    case 'english-and-maths':
      return v.hasLevel2EnglishAndMaths === 'yes' ? 'Yes' : 'No';
    case 'qualification-level':
      return v.highestQualificationLevel === '0' ? 'No qualifications' : `Level ${v.highestQualificationLevel}`;
    case 'years-in-role':
      return `${v.yearsInRole}`;
  }
}

/** Check your answers: a row per question asked, each with a Change link that comes back here. */
export function checkRows(v: CheckerValues, factsRead: readonly Fact[], w: Framework) {
  return journey(v, factsRead, w).map((slug) => ({
    key: { text: QUESTIONS[slug].label },
    value: { text: answerText(slug, v, w) },
    actions: { items: [{ href: `${CHECKER_BASE}/${slug}?change=1`, text: 'Change', visuallyHiddenText: QUESTIONS[slug].label.toLowerCase() }] },
  }));
}

const RATING_LEVELS = [1, 2, 3, 4, 5, 6, 7, 8];

/** What the question page shows: its heading, hint and inputs, for eligibility-question.njk. */
export function questionPage(slug: QuestionSlug, v: CheckerValues, w: Framework) {
  const works = inGeneralPractice(v, w);
  switch (slug) {
    case 'date-of-birth':
      return { kind: 'date', heading: 'What is your date of birth?', hint: 'For example, 23 4 1988', name: 'dateOfBirth' };
    case 'role':
      return { kind: 'radios', heading: 'What is your current role?', name: 'currentRole', items: w.currentRoles.map((r) => ({ value: r.code, text: r.name, checked: v.currentRole === r.code })) };
    case 'where': {
      const item = (p: { code: string; name: string }) => ({ value: p.code, text: p.name, checked: v.region === p.code });
      return {
        kind: 'radios',
        heading: works ? 'Which NHS England region do you work in?' : 'Which NHS England region do you live in?',
        hint: `If you ${works ? 'work' : 'live'} outside England, choose Wales, Scotland or Northern Ireland.`,
        name: 'region',
        items: [...w.regions.map(item), { divider: 'or' }, ...w.outsideEngland.map(item)],
      };
    }
    case 'practice-code':
      return {
        kind: 'text',
        heading: 'What is your practice’s ODS code? (optional)',
        hint: 'If you work for a GP practice: a letter and five digits, like A81001. Leave it empty if you do not know it.',
        name: 'employerOdsCode',
        value: v.employerOdsCode ?? '',
        classes: 'nhsuk-input--width-10',
      };
    case 'postcode':
      return { kind: 'text', heading: 'What is your postcode?', hint: 'Where you live. For example, LS1 4AP', name: 'postcode', value: v.postcode ?? '', classes: 'nhsuk-input--width-10', autocomplete: 'postal-code' };
    case 'english-and-maths':
      return {
        kind: 'radios',
        heading: 'Do you have English and maths at level 2 or above?',
        hint: 'For example, GCSE grade 4 (C) or above, or Functional Skills level 2',
        name: 'hasLevel2EnglishAndMaths',
        inline: true,
        items: [
          { value: 'yes', text: 'Yes', checked: v.hasLevel2EnglishAndMaths === 'yes' },
          { value: 'no', text: 'No', checked: v.hasLevel2EnglishAndMaths === 'no' },
        ],
      };
    case 'qualification-level':
      return {
        kind: 'radios',
        heading: 'What level is your highest qualification?',
        hint: 'For example, GCSEs are level 2, A levels level 3, a degree level 6',
        name: 'highestQualificationLevel',
        items: [{ value: '0', text: 'No qualifications', checked: v.highestQualificationLevel === '0' }, ...RATING_LEVELS.map((l) => ({ value: String(l), text: `Level ${l}`, checked: v.highestQualificationLevel === String(l) }))],
      };
    case 'years-in-role':
      return { kind: 'text', heading: 'How many years have you been in your current role?', hint: 'A whole number. Enter 0 if you are just starting or not working', name: 'yearsInRole', value: v.yearsInRole ?? '', classes: 'nhsuk-input--width-3', inputmode: 'numeric' };
  }
}

/** The question page where each field the service can refuse is asked. */
export const FIELD_PAGE: Record<string, QuestionSlug> = { dateOfBirth: 'date-of-birth', currentRole: 'role', region: 'where', employerOdsCode: 'practice-code', postcode: 'postcode' };

/** The page's answer as ProfileService.checkAnswers judges it (a real date in the past, a UK postcode, a code from config). */
export function serviceFields(slug: QuestionSlug, v: CheckerValues) {
  switch (slug) {
    case 'date-of-birth':
      return { dateOfBirth: isoDate(v.day ?? '', v.month ?? '', v.year ?? '') };
    case 'role':
      return { currentRole: v.currentRole };
    case 'where':
      return { region: v.region };
    case 'practice-code':
      return { employerOdsCode: v.employerOdsCode };
    case 'postcode':
      return { postcode: v.postcode };
    default:
      return {};
  }
}

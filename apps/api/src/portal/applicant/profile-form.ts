import type { WorkforceFramework } from '@app/config';
import { humanise, type FieldProblem } from '@app/http';
import { PERSON_NAME_MAX, PROFILE_FIELDS, type ProfileAnswers, type ProfileField, type ProfileInput } from '@app/intake';
import { field, type FormBody } from '../kit/form-fields';

/** The profile form as typed: every value a string, the date of birth in three boxes, one rating per competency. */
export interface ProfileValues {
  fullName: string;
  day: string;
  month: string;
  year: string;
  postcode: string;
  region: string;
  currentRole: string;
  employerOdsCode: string;
  phone: string;
  yearsInRole: string;
  highestQualificationLevel: string;
  hasLevel2EnglishAndMaths: string;
  skills: Record<string, string>;
}

export function profileValues(body: FormBody, w: Pick<WorkforceFramework, 'competencies'>): ProfileValues {
  return {
    fullName: field(body, 'fullName'),
    day: field(body, 'dateOfBirth[day]'),
    month: field(body, 'dateOfBirth[month]'),
    year: field(body, 'dateOfBirth[year]'),
    postcode: field(body, 'postcode'),
    region: field(body, 'region'),
    currentRole: field(body, 'currentRole'),
    employerOdsCode: field(body, 'employerOdsCode'),
    phone: field(body, 'phone'),
    yearsInRole: field(body, 'yearsInRole'),
    highestQualificationLevel: field(body, 'highestQualificationLevel'),
    hasLevel2EnglishAndMaths: field(body, 'hasLevel2EnglishAndMaths'),
    skills: Object.fromEntries(w.competencies.map((c) => [c.code, field(body, `skills[${c.code}]`)])),
  };
}

/** A saved profile, or the answers so far, as the form shows them. */
export function profileToValues(view: Partial<ProfileInput>): ProfileValues {
  const [year, month, day] = view.dateOfBirth ? view.dateOfBirth.split('-') : ['', '', ''];
  const text = (v: number | undefined) => (v === undefined ? '' : String(v));
  return {
    fullName: view.fullName ?? '',
    day: day ? String(Number(day)) : '',
    month: month ? String(Number(month)) : '',
    year,
    postcode: view.postcode ?? '',
    region: view.region ?? '',
    currentRole: view.currentRole ?? '',
    employerOdsCode: view.employerOdsCode ?? '',
    phone: view.phone ?? '',
    yearsInRole: text(view.yearsInRole),
    highestQualificationLevel: text(view.highestQualificationLevel),
    hasLevel2EnglishAndMaths: view.hasLevel2EnglishAndMaths === undefined ? '' : view.hasLevel2EnglishAndMaths ? 'yes' : 'no',
    skills: Object.fromEntries(Object.entries(view.skills ?? {}).map(([k, v]) => [k, String(v)])),
  };
}

/** Where each profile field's error links to: the first input of the field. */
export function profileFieldId(field: string): string {
  if (field === 'dateOfBirth') return 'dateOfBirth-day';
  if (field.startsWith('skills.')) return `skills-${field.slice('skills.'.length)}`;
  return field;
}

const WHOLE = /^\d{1,3}$/;
const PHONE_ERROR = 'Enter a UK phone number, like 07700 900123, or leave it blank';

/**
 * The profile's `fields` as typed, parsed for ProfileService: what could be
 * read goes in `answers`, and `errors` has what could not (missing, or not a
 * date or number at all) in the words of NHS error messages. Whether what
 * was read keeps the rules (a real postcode, a past date, codes in
 * config/workforce.yaml) is the service's to judge: allProfileErrors puts
 * its problems beside these, so every problem shows at once.
 */
export function profileAnswers(values: ProfileValues, w: Pick<WorkforceFramework, 'competencies'>, fields: readonly ProfileField[] = PROFILE_FIELDS): { answers: ProfileAnswers; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const answers: ProfileAnswers = {};
  const asked = new Set(fields);
  if (asked.has('fullName')) {
    if (!values.fullName) errors.fullName = 'Enter your full name';
    else answers.fullName = values.fullName;
  }
  if (asked.has('phone')) {
    if (values.phone.length > 30) errors.phone = PHONE_ERROR;
    else if (values.phone) answers.phone = values.phone;
  }
  if (asked.has('dateOfBirth')) {
    const dateProblem = dateOfBirthProblem(values.day, values.month, values.year);
    if (dateProblem) errors.dateOfBirth = dateProblem;
    else answers.dateOfBirth = `${values.year}-${values.month.padStart(2, '0')}-${values.day.padStart(2, '0')}`;
  }
  if (asked.has('postcode')) {
    if (!values.postcode) errors.postcode = 'Enter your postcode';
    else answers.postcode = values.postcode;
  }
  if (asked.has('highestQualificationLevel')) {
    if (!/^[0-8]$/.test(values.highestQualificationLevel)) errors.highestQualificationLevel = 'Select the level of your highest qualification';
    else answers.highestQualificationLevel = Number(values.highestQualificationLevel);
  }
  if (asked.has('hasLevel2EnglishAndMaths')) {
    if (!['yes', 'no'].includes(values.hasLevel2EnglishAndMaths)) errors.hasLevel2EnglishAndMaths = 'Select yes if you have English and maths at level 2 (GCSE grade 4 or C) or above';
    else answers.hasLevel2EnglishAndMaths = values.hasLevel2EnglishAndMaths === 'yes';
  }
  if (asked.has('currentRole')) {
    if (!values.currentRole) errors.currentRole = 'Select your current role';
    else answers.currentRole = values.currentRole;
  }
  if (asked.has('yearsInRole')) {
    if (!values.yearsInRole) errors.yearsInRole = 'Enter how many years you have been in your current role';
    else if (!WHOLE.test(values.yearsInRole)) errors.yearsInRole = YEARS_IN_ROLE;
    else answers.yearsInRole = Number(values.yearsInRole);
  }
  if (asked.has('employerOdsCode') && values.employerOdsCode) answers.employerOdsCode = values.employerOdsCode;
  if (asked.has('region')) {
    if (!values.region) errors.region = 'Select the NHS England region you work or live in, or the nation if outside England';
    else answers.region = values.region;
  }
  if (asked.has('skills')) {
    const skills: Record<string, number> = {};
    for (const c of w.competencies) {
      if (!/^[1-4]$/.test(values.skills[c.code] ?? '')) errors[`skills.${c.code}`] = `Select how much experience you have of ${c.name.toLowerCase()}`;
      else skills[c.code] = Number(values.skills[c.code]);
    }
    answers.skills = skills;
  }
  return { answers, errors };
}

const YEARS_IN_ROLE = 'Years in your current role must be a whole number from 0 to 60';

/**
 * The form's errors and ProfileService.check's problems with what did parse,
 * together and in the order of the fields: the form's own error wins for a
 * field (a missing answer is not also reported as against the rules).
 */
export function allProfileErrors(formErrors: Record<string, string>, problems: FieldProblem[]): Record<string, string> {
  const merged = { ...profileProblemText(problems), ...formErrors };
  const rank = (field: string) => {
    const i = (PROFILE_FIELDS as readonly string[]).indexOf(field.startsWith('skills.') ? 'skills' : field);
    return i < 0 ? PROFILE_FIELDS.length : i;
  };
  const order = [...Object.keys(formErrors), ...problems.map((p) => p.field)];
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => rank(a) - rank(b) || order.indexOf(a) - order.indexOf(b)));
}

/** What is wrong with a date of birth as typed in three boxes, if anything; a real date comes back as nothing. */
export function dateOfBirthProblem(day: string, month: string, year: string): string | undefined {
  if (!day && !month && !year) return 'Enter your date of birth';
  if (!day || !month || !year) return 'Your date of birth must include a day, month and year';
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || !realDate(+year, +month, +day)) return 'Your date of birth must be a real date, like 23 4 1988';
  return undefined;
}

/** Three boxes as an ISO date, 1988-04-23. */
export function isoDate(day: string, month: string, year: string): string {
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

function realDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** ProfileService.check's problems (field names as the API's) in the words of NHS error messages, by field. */
export function profileProblemText(problems: FieldProblem[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of problems) {
    let message: string;
    if (p.field === 'postcode') message = 'Enter a real UK postcode, like LS1 4AP';
    else if (p.field === 'dateOfBirth') message = /past/.test(p.message) ? 'Your date of birth must be in the past' : /within/.test(p.message) ? `Your date of birth ${p.message}` : 'Your date of birth must be a real date';
    else if (p.field === 'employerOdsCode') message = 'Enter your practice code as a letter and five digits, like A81001';
    else if (p.field === 'phone') message = PHONE_ERROR;
    else if (p.field === 'region') message = 'Select the NHS England region you work or live in, or the nation if outside England';
    else if (p.field === 'currentRole') message = 'Select your current role';
    else if (p.field.startsWith('skills.')) message = 'Select a rating from 1 to 4';
    else if (p.field === 'fullName') message = `Your full name must be ${PERSON_NAME_MAX} characters or fewer`;
    else if (p.field === 'yearsInRole') message = YEARS_IN_ROLE;
    else message = `${humanise(p.field)} ${p.message}`;
    errors[p.field] ??= message;
  }
  return errors;
}

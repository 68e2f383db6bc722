import type { WorkforceFramework } from '@app/config';
import { humanise, type FieldProblem } from '@app/http';
import { PERSON_NAME_MAX, type ProfileInput, type ProfileView } from '@app/intake';
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
    yearsInRole: field(body, 'yearsInRole'),
    highestQualificationLevel: field(body, 'highestQualificationLevel'),
    hasLevel2EnglishAndMaths: field(body, 'hasLevel2EnglishAndMaths'),
    skills: Object.fromEntries(w.competencies.map((c) => [c.code, field(body, `skills[${c.code}]`)])),
  };
}

/** A saved profile as the form shows it. */
export function profileToValues(view: ProfileView): ProfileValues {
  const [year, month, day] = view.dateOfBirth.split('-');
  return {
    fullName: view.fullName,
    day: String(Number(day)),
    month: String(Number(month)),
    year,
    postcode: view.postcode,
    region: view.region,
    currentRole: view.currentRole,
    employerOdsCode: view.employerOdsCode ?? '',
    yearsInRole: String(view.yearsInRole),
    highestQualificationLevel: String(view.highestQualificationLevel),
    hasLevel2EnglishAndMaths: view.hasLevel2EnglishAndMaths ? 'yes' : 'no',
    skills: Object.fromEntries(Object.entries(view.skills).map(([k, v]) => [k, String(v)])),
  };
}

/** An empty profile form, with the account's name filled in. */
export function emptyProfile(fullName: string): ProfileValues {
  return { fullName, day: '', month: '', year: '', postcode: '', region: '', currentRole: '', employerOdsCode: '', yearsInRole: '', highestQualificationLevel: '', hasLevel2EnglishAndMaths: '', skills: {} };
}

/** Where each profile field's error links to: the first input of the field. */
export function profileFieldId(field: string): string {
  if (field === 'dateOfBirth') return 'dateOfBirth-day';
  if (field.startsWith('skills.')) return `skills-${field.slice('skills.'.length)}`;
  return field;
}

const WHOLE = /^\d{1,3}$/;

/**
 * The profile for ProfileService.save, or the page's errors: every field
 * answered and of the right kind (as ProfileDto checks for the API). Whether
 * the date is real and in the past, the postcode a UK one, the codes in
 * config/workforce.yaml, is the service's to judge (ProfileService.check);
 * its problems come back through profileProblemText.
 */
export function profileInput(values: ProfileValues, w: Pick<WorkforceFramework, 'competencies'>): { input?: ProfileInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!values.fullName) errors.fullName = 'Enter your full name';
  else if (values.fullName.length > PERSON_NAME_MAX) errors.fullName = `Your full name must be ${PERSON_NAME_MAX} characters or fewer`;
  const dateParts = [values.day, values.month, values.year];
  if (dateParts.every((p) => !p)) errors.dateOfBirth = 'Enter your date of birth';
  else if (!values.day || !values.month || !values.year) errors.dateOfBirth = 'Your date of birth must include a day, month and year';
  else if (!/^\d{1,2}$/.test(values.day) || !/^\d{1,2}$/.test(values.month) || !/^\d{4}$/.test(values.year) || !realDate(+values.year, +values.month, +values.day)) {
    errors.dateOfBirth = 'Your date of birth must be a real date, like 23 4 1988';
  }
  if (!values.postcode) errors.postcode = 'Enter your postcode';
  else if (values.postcode.length > 10) errors.postcode = 'Enter a real postcode, like LS1 4AP';
  if (!values.region) errors.region = 'Select the NHS England region you work or live in';
  if (!values.currentRole) errors.currentRole = 'Select your current role';
  if (values.employerOdsCode.length > 10) errors.employerOdsCode = 'Enter your practice code as a letter and five digits, like A81001';
  if (!values.yearsInRole) errors.yearsInRole = 'Enter how many years you have been in your current role';
  else if (!WHOLE.test(values.yearsInRole) || +values.yearsInRole > 60) errors.yearsInRole = 'Years in your current role must be a whole number from 0 to 60';
  if (!/^[0-8]$/.test(values.highestQualificationLevel)) errors.highestQualificationLevel = 'Select the level of your highest qualification';
  if (!['yes', 'no'].includes(values.hasLevel2EnglishAndMaths)) errors.hasLevel2EnglishAndMaths = 'Select yes if you have English and maths at level 2 (GCSE grade 4 or C) or above';
  for (const c of w.competencies) {
    if (!/^[1-4]$/.test(values.skills[c.code] ?? '')) errors[`skills.${c.code}`] = `Select how much experience you have of ${c.name.toLowerCase()}`;
  }
  if (Object.keys(errors).length) return { errors };
  const pad = (n: string) => n.padStart(2, '0');
  return {
    errors,
    input: {
      fullName: values.fullName,
      dateOfBirth: `${values.year}-${pad(values.month)}-${pad(values.day)}`,
      postcode: values.postcode,
      region: values.region,
      currentRole: values.currentRole,
      ...(values.employerOdsCode ? { employerOdsCode: values.employerOdsCode } : {}),
      yearsInRole: Number(values.yearsInRole),
      highestQualificationLevel: Number(values.highestQualificationLevel),
      hasLevel2EnglishAndMaths: values.hasLevel2EnglishAndMaths === 'yes',
      skills: Object.fromEntries(w.competencies.map((c) => [c.code, Number(values.skills[c.code])])),
    },
  };
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
    else if (p.field === 'region') message = 'Select the NHS England region you work or live in';
    else if (p.field === 'currentRole') message = 'Select your current role';
    else if (p.field.startsWith('skills.')) message = 'Select a rating from 1 to 4';
    else message = `${humanise(p.field)} ${p.message}`;
    errors[p.field] ??= message;
  }
  return errors;
}

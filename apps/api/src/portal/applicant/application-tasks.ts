import type { WorkforceFramework } from '@app/config';
import { phoneForDisplay } from '../provider/learner-page';
import type { ApplicationView, ProfileField, ProfileInput, QualificationView, RoundView, TaskAnswers } from '@app/intake';

/** The application's sections, in the order the task list shows them (the service manual's "complete multiple tasks" pattern). */
export const TASK_SECTIONS = [
  { slug: 'about-you', title: 'About you' },
  { slug: 'role', title: 'Your role and employer' },
  { slug: 'skills', title: 'Your skills' },
  { slug: 'qualification', title: 'The qualification' },
  { slug: 'employer-support', title: 'Employer support' },
  { slug: 'statement', title: 'Your statement' },
  { slug: 'declaration', title: 'Declaration' },
] as const;

export type TaskSection = (typeof TASK_SECTIONS)[number]['slug'];

/** The sections that are the applicant's profile, and the profile's fields each one asks. */
export const PROFILE_SECTIONS: Partial<Record<TaskSection, readonly ProfileField[]>> = {
  'about-you': ['fullName', 'phone', 'dateOfBirth', 'postcode', 'highestQualificationLevel', 'hasLevel2EnglishAndMaths'],
  role: ['currentRole', 'yearsInRole', 'employerOdsCode', 'region'],
  skills: ['skills'],
};

export type ProfileSection = 'about-you' | 'role' | 'skills';

export function isProfileSection(slug: string): slug is ProfileSection {
  return Object.prototype.hasOwnProperty.call(PROFILE_SECTIONS, slug);
}

/** A profile section's status from the answers so far: on the task list and on the profile's own summary alike. */
export function profileSectionStatus(slug: ProfileSection, answers: Partial<ProfileInput>, competencies: readonly string[]): TaskStatus {
  if (slug === 'skills') {
    const rated = competencies.filter((c) => answers.skills?.[c] !== undefined).length;
    return rated === 0 ? 'not_started' : rated === competencies.length ? 'completed' : 'in_progress';
  }
  const wanted = PROFILE_SECTIONS[slug]!.filter((f) => f !== 'employerOdsCode' && f !== 'phone'); // optional answers
  const n = wanted.filter((f) => answers[f] !== undefined && answers[f] !== null && answers[f] !== '').length;
  return n === 0 ? 'not_started' : n === wanted.length ? 'completed' : 'in_progress';
}

export function isTaskSection(slug: string): slug is TaskSection {
  return TASK_SECTIONS.some((s) => s.slug === slug);
}

export function sectionTitle(slug: TaskSection): string {
  return TASK_SECTIONS.find((s) => s.slug === slug)!.title;
}

export type TaskStatus = 'not_started' | 'in_progress' | 'completed';

/** What the task list is drawn from: the draft, the profile answers so far, and what only the task list asks. */
export interface TaskData {
  application: Pick<ApplicationView, 'id' | 'statement' | 'employerSupport' | 'qualificationId'>;
  answers: Partial<ProfileInput>;
  task: TaskAnswers;
}

/**
 * A section's status. A profile section is in progress when some of its
 * answers are there (answered on the profile page, or skills rated on the
 * skills audit) and complete when all are; the qualification was chosen on
 * applying, so it is always complete.
 */
export function sectionStatus(slug: TaskSection, data: TaskData, competencies: readonly string[]): TaskStatus {
  if (isProfileSection(slug)) return profileSectionStatus(slug, data.answers, competencies);
  if (slug === 'qualification') return 'completed';
  if (slug === 'employer-support') return data.task.employerSupportAnswered ? 'completed' : 'not_started';
  if (slug === 'statement') return data.application.statement ? 'completed' : 'not_started';
  return data.task.declaredAt ? 'completed' : 'not_started';
}

/** The nhsuk task-list status: "Completed" as plain text, the others as tags (as the design system shows them). */
export const STATUS_DISPLAY: Record<TaskStatus, { text: string; tag?: string }> = {
  completed: { text: 'Completed' },
  in_progress: { text: 'In progress', tag: 'nhsuk-tag--blue' },
  not_started: { text: 'Not started', tag: 'nhsuk-tag--white' },
};

/** The task list's items (for the nhsuk taskList macro), how many sections are complete, and the titles of those that are not. */
export function taskList(data: TaskData, competencies: readonly string[]) {
  const base = `/portal/applications/${data.application.id}/tasks`;
  const sections = TASK_SECTIONS.map((s) => ({ ...s, status: sectionStatus(s.slug, data, competencies) }));
  const incomplete = sections.filter((s) => s.status !== 'completed');
  return {
    items: sections.map((s) => {
      const shown = STATUS_DISPLAY[s.status];
      return {
        title: { text: s.title },
        href: `${base}/${s.slug}`,
        status: shown.tag ? { tag: { text: shown.text, classes: shown.tag } } : { text: shown.text },
      };
    }),
    completed: sections.length - incomplete.length,
    total: sections.length,
    incomplete: incomplete.map((s) => ({ slug: s.slug, title: s.title, href: `${base}/${s.slug}` })),
  };
}

/** One row of an answers summary list; `change` links back to the section's page. */
export interface AnswerRow {
  key: { text: string };
  value: { text: string };
  actions?: { items: { href: string; text: string; visuallyHiddenText: string }[] };
}

/** Everything the answers pages show: the profile answers, the draft, its qualification and round. */
export interface AnswersData {
  applicationId: string;
  answers: Partial<ProfileInput>;
  statement: string | null;
  employerSupport: { name: string; email: string } | null;
  employerSupportAnswered: boolean;
  declaredAt: string | null;
  qualification: Pick<QualificationView, 'title' | 'level'>;
  round: Pick<RoundView, 'name'>;
}

const NOT_ANSWERED = 'Not answered';

/** "14 March 1985" from "1985-03-14". */
export function longDateOf(iso: string): string {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/**
 * The answers, section by section, as summary lists: for "Check your
 * answers" with `changeable` (each row's Change link returns to the check
 * page after saving), and read-only for what was submitted.
 */
export function answerSections(d: AnswersData, w: Pick<WorkforceFramework, 'regions' | 'currentRoles' | 'competencies' | 'ratings'>, changeable: boolean) {
  const base = `/portal/applications/${d.applicationId}/tasks`;
  const change = changeable ? (section: TaskSection) => `${base}/${section}?from=check` : undefined;
  const row = answerRow(change);
  const rows: Record<TaskSection, AnswerRow[]> = {
    ...profileAnswerRows(d.answers, w, change),
    qualification: [row('qualification', 'Qualification', `${d.qualification.title} (level ${d.qualification.level})`)],
    'employer-support': [
      row('employer-support', 'Support from your employer', d.employerSupport ? `${d.employerSupport.name}, ${d.employerSupport.email}` : d.employerSupportAnswered ? 'No one named' : undefined),
    ],
    statement: [row('statement', 'Why you want this qualification', d.statement ?? undefined)],
    declaration: [row('declaration', 'Declaration', d.declaredAt ? 'Confirmed: the information is true and I will tell the programme if it changes' : undefined)],
  };
  return TASK_SECTIONS.map((s) => ({ slug: s.slug, title: s.title, rows: rows[s.slug] }));
}

/** A summary list row maker; with `change`, each row links to its section's page. */
function answerRow(change?: (section: TaskSection) => string) {
  return (section: TaskSection, key: string, value: string | undefined): AnswerRow => ({
    key: { text: key },
    value: { text: value || NOT_ANSWERED },
    ...(change ? { actions: { items: [{ href: change(section), text: 'Change', visuallyHiddenText: key.toLowerCase() }] } } : {}),
  });
}

/**
 * The profile's answers in words, a summary list's rows per section: codes
 * by their names in config/workforce.yaml, the date of birth written out,
 * the phone number grouped. Shared by "Check your answers" and the
 * profile's own summary page.
 */
export function profileAnswerRows(a: Partial<ProfileInput>, w: Pick<WorkforceFramework, 'regions' | 'currentRoles' | 'competencies' | 'ratings'>, change?: (section: TaskSection) => string): Record<ProfileSection, AnswerRow[]> {
  const row = answerRow(change);
  const level = a.highestQualificationLevel === undefined ? undefined : a.highestQualificationLevel === 0 ? 'No qualifications' : `Level ${a.highestQualificationLevel}`;
  const yesNo = (v: boolean | undefined) => (v === undefined ? undefined : v ? 'Yes' : 'No');
  return {
    'about-you': [
      row('about-you', 'Full name', a.fullName),
      // Optional, so once the section is saved a blank one was left blank on purpose.
      row('about-you', 'Phone number', a.phone ? phoneForDisplay(a.phone) : a.fullName ? 'Not given' : undefined),
      row('about-you', 'Date of birth', a.dateOfBirth ? longDateOf(a.dateOfBirth) : undefined),
      row('about-you', 'Postcode', a.postcode),
      row('about-you', 'Level of your highest qualification', level),
      row('about-you', 'English and maths at level 2 or above', yesNo(a.hasLevel2EnglishAndMaths)),
    ],
    role: [
      row('role', 'Current role', w.currentRoles.find((r) => r.code === a.currentRole)?.name),
      row('role', 'Years in your current role', a.yearsInRole === undefined ? undefined : String(a.yearsInRole)),
      row('role', "Your practice's ODS code", a.employerOdsCode || (a.currentRole ? 'Not given' : undefined)),
      row('role', 'NHS England region', w.regions.find((r) => r.code === a.region)?.name),
    ],
    skills: w.competencies.map((c) => {
      const rating = a.skills?.[c.code];
      return row('skills', c.name, rating === undefined ? undefined : `${rating}: ${(w.ratings as Record<string, string>)[String(rating)] ?? ''}`);
    }),
  };
}

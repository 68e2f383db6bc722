import { answerSections, sectionStatus, taskList, type AnswersData, type TaskData } from './application-tasks';

const competencies = ['finance', 'it_data'];
const data = (extra: Partial<TaskData> = {}): TaskData => ({
  application: { id: 'a1', statement: null, employerSupport: null, qualificationId: 'q1' },
  answers: {},
  task: { declaredAt: null, employerSupportAnswered: false },
  ...extra,
});

describe('the task list', () => {
  it('starts with only the qualification complete (chosen on applying)', () => {
    const list = taskList(data(), competencies);
    expect(list.completed).toBe(1);
    expect(list.total).toBe(7);
    expect(list.incomplete.map((s) => s.title)).toEqual(['About you', 'Your role and employer', 'Your skills', 'Employer support', 'Your statement', 'Declaration']);
    expect(list.items[0]).toEqual({ title: { text: 'About you' }, href: '/portal/applications/a1/tasks/about-you', status: { tag: { text: 'Not started', classes: 'nhsuk-tag--white' } } });
    expect(list.items[3].status).toEqual({ text: 'Completed' });
  });

  it('shows a section in progress when some of its answers are there, complete when all are (the ODS code is optional)', () => {
    expect(sectionStatus('about-you', data({ answers: { fullName: 'Sam' } }), competencies)).toBe('in_progress');
    expect(sectionStatus('role', data({ answers: { currentRole: 'practice_manager', yearsInRole: 0, region: 'london' } }), competencies)).toBe('completed');
    expect(sectionStatus('skills', data({ answers: { skills: { finance: 2 } } }), competencies)).toBe('in_progress');
    expect(sectionStatus('skills', data({ answers: { skills: { finance: 2, it_data: 1 } } }), competencies)).toBe('completed');
  });

  it('counts employer support answered "no" as complete, and the statement and declaration once given', () => {
    expect(sectionStatus('employer-support', data({ task: { declaredAt: null, employerSupportAnswered: true } }), competencies)).toBe('completed');
    expect(sectionStatus('statement', data({ application: { id: 'a1', statement: 'Why', employerSupport: null, qualificationId: 'q1' } }), competencies)).toBe('completed');
    expect(sectionStatus('declaration', data({ task: { declaredAt: '2027-01-16T12:42:00Z', employerSupportAnswered: false } }), competencies)).toBe('completed');
  });
});

describe('the answers, section by section', () => {
  const w = {
    regions: [{ code: 'london', name: 'London' }],
    currentRoles: [{ code: 'practice_manager', name: 'Practice manager' }],
    competencies: [{ code: 'finance', name: 'Finance', description: '' }],
    ratings: { 1: 'New to it', 2: 'Some experience' },
  } as never;
  const answers: AnswersData = {
    applicationId: 'a1',
    answers: { fullName: 'Sam', dateOfBirth: '1988-04-03', highestQualificationLevel: 0, hasLevel2EnglishAndMaths: false, currentRole: 'practice_manager', region: 'london', skills: { finance: 2 } },
    statement: null,
    employerSupport: null,
    employerSupportAnswered: true,
    declaredAt: null,
    qualification: { title: 'Level 5 Diploma', level: 5 },
    round: { name: 'Spring 2027' },
  };

  it('puts each answer in words, with Change links back to its section that return to the check page', () => {
    const sections = answerSections(answers, w, true);
    const about = sections.find((s) => s.slug === 'about-you')!.rows;
    expect(about.map((r) => [r.key.text, r.value.text])).toEqual([
      ['Full name', 'Sam'],
      ['Phone number', 'Not given'],
      ['Date of birth', '3 April 1988'],
      ['Postcode', 'Not answered'],
      ['Level of your highest qualification', 'No qualifications'],
      ['English and maths at level 2 or above', 'No'],
    ]);
    expect(about[0].actions!.items[0]).toEqual({ href: '/portal/applications/a1/tasks/about-you?from=check', text: 'Change', visuallyHiddenText: 'full name' });
    const role = sections.find((s) => s.slug === 'role')!.rows.map((r) => r.value.text);
    expect(role).toEqual(['Practice manager', 'Not answered', 'Not given', 'London']);
    expect(sections.find((s) => s.slug === 'skills')!.rows[0].value.text).toBe('2: Some experience');
    expect(sections.find((s) => s.slug === 'employer-support')!.rows[0].value.text).toBe('No one named');
  });

  it('has no Change links when read after submitting', () => {
    expect(answerSections(answers, w, false).every((s) => s.rows.every((r) => !r.actions))).toBe(true);
  });
});

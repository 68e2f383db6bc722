import { registerErrors } from '../public/register-form';
import { applyChoice, declarationError, employerSupportAnswer, qualificationAnswer, statementAnswer, withdrawReason } from './apply-forms';
import { allProfileErrors, profileAnswers, profileFieldId, profileProblemText, profileToValues, profileValues, type ProfileValues } from './profile-form';

const w = { competencies: [{ code: 'finance', name: 'Finance', description: '' }, { code: 'it_data', name: 'IT and data', description: '' }] };

const form = (overrides: Record<string, string> = {}) => ({
  fullName: ' Sam Okafor ',
  'dateOfBirth[day]': '3',
  'dateOfBirth[month]': '4',
  'dateOfBirth[year]': '1988',
  postcode: 'ls1 4ap',
  region: 'london',
  currentRole: 'practice_manager',
  employerOdsCode: '',
  yearsInRole: '4',
  highestQualificationLevel: '0',
  hasLevel2EnglishAndMaths: 'yes',
  'skills[finance]': '2',
  'skills[it_data]': '4',
  ...overrides,
});

describe('the register form', () => {
  it('asks for each field, and the same password twice', () => {
    expect(registerErrors({ fullName: '', email: '', password: '', confirmPassword: '' })).toEqual({
      fullName: 'Enter your full name',
      email: 'Enter your email address',
      password: 'Enter a password',
      confirmPassword: 'Enter the password again',
    });
    expect(registerErrors({ fullName: 'A', email: 'not an email', password: 'one password here', confirmPassword: 'another one here' })).toEqual({
      email: 'Enter an email address in the correct format, like name@example.com',
      confirmPassword: 'The passwords do not match. Type the same password in both boxes',
    });
    // The password rule is the service's: the page lets a short one through.
    expect(registerErrors({ fullName: 'A', email: 'a@example.org', password: 'short', confirmPassword: 'short' })).toEqual({});
  });
});

/** The whole profile form: its answers when it has no errors of its own. */
function profileInput(values: ProfileValues, framework: typeof w) {
  const { answers, errors } = profileAnswers(values, framework);
  return Object.keys(errors).length ? { errors, input: undefined } : { errors, input: answers };
}

describe('the profile form', () => {
  it('makes the profile the API takes: a padded ISO date, numbers, a yes/no, every rating', () => {
    const { input, errors } = profileInput(profileValues(form(), w), w);
    expect(errors).toEqual({});
    expect(input).toEqual({
      fullName: 'Sam Okafor',
      dateOfBirth: '1988-04-03',
      postcode: 'ls1 4ap',
      region: 'london',
      currentRole: 'practice_manager',
      yearsInRole: 4,
      highestQualificationLevel: 0,
      hasLevel2EnglishAndMaths: true,
      skills: { finance: 2, it_data: 4 },
    });
    expect(profileInput(profileValues(form({ employerOdsCode: 'a81001', hasLevel2EnglishAndMaths: 'no' }), w), w).input).toMatchObject({ employerOdsCode: 'a81001', hasLevel2EnglishAndMaths: false });
  });

  it('names every unanswered or malformed field, a skill by its competency', () => {
    const { input, errors } = profileInput(profileValues({}, w), w);
    expect(input).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(
      ['currentRole', 'dateOfBirth', 'fullName', 'hasLevel2EnglishAndMaths', 'highestQualificationLevel', 'postcode', 'region', 'skills.finance', 'skills.it_data', 'yearsInRole'].sort(),
    );
    expect(errors['skills.it_data']).toBe('Select how much experience you have of it and data');
    const bad = profileInput(profileValues(form({ 'dateOfBirth[day]': '31', 'dateOfBirth[month]': '2', yearsInRole: '4.5', 'skills[finance]': '5' }), w), w).errors;
    expect(bad).toEqual({
      dateOfBirth: 'Your date of birth must be a real date, like 23 4 1988',
      yearsInRole: 'Years in your current role must be a whole number from 0 to 60',
      'skills.finance': 'Select how much experience you have of finance',
    });
    expect(profileInput(profileValues(form({ 'dateOfBirth[year]': '' }), w), w).errors.dateOfBirth).toBe('Your date of birth must include a day, month and year');
  });

  it('links each error to the first input of its field', () => {
    expect(profileFieldId('dateOfBirth')).toBe('dateOfBirth-day');
    expect(profileFieldId('skills.finance')).toBe('skills-finance');
    expect(profileFieldId('region')).toBe('region');
  });

  it("puts the service's problems in NHS words", () => {
    expect(
      profileProblemText([
        { field: 'postcode', message: 'must be a UK postcode, like LS1 4AP' },
        { field: 'dateOfBirth', message: 'must be in the past' },
        { field: 'region', message: 'must be one of london' },
      ]),
    ).toEqual({ postcode: 'Enter a real UK postcode, like LS1 4AP', dateOfBirth: 'Your date of birth must be in the past', region: 'Select the NHS England region you work or live in, or the nation if outside England' });
  });

  it('takes a phone number only when one is given, and leaves its format to the service', () => {
    expect(profileInput(profileValues(form(), w), w).input).not.toHaveProperty('phone');
    expect(profileInput(profileValues(form({ phone: '07700 900123' }), w), w).input).toMatchObject({ phone: '07700 900123' });
    expect(profileInput(profileValues(form({ phone: '0'.repeat(31) }), w), w).errors).toEqual({ phone: 'Enter a UK phone number, like 07700 900123, or leave it blank' });
    expect(profileProblemText([{ field: 'phone', message: 'must be a UK phone number, like 07700 900123' }])).toEqual({ phone: 'Enter a UK phone number, like 07700 900123, or leave it blank' });
  });

  it('shows a saved profile in the form it was typed in', () => {
    const values = profileToValues({
      fullName: 'Sam',
      dateOfBirth: '1988-04-03',
      postcode: 'LS1 4AP',
      region: 'london',
      currentRole: 'other',
      employerOdsCode: null,
      phone: '07700900123',
      yearsInRole: 0,
      highestQualificationLevel: 3,
      hasLevel2EnglishAndMaths: false,
      skills: { finance: 1 },
    });
    expect(values).toMatchObject({ day: '3', month: '4', year: '1988', employerOdsCode: '', phone: '07700900123', yearsInRole: '0', highestQualificationLevel: '3', hasLevel2EnglishAndMaths: 'no', skills: { finance: '1' } });
  });
});

describe('a draft application\'s sections', () => {
  it('takes employer support as yes with a name and an email address, or no', () => {
    expect(employerSupportAnswer({ hasSupport: 'no', employerName: 'ignored', employerEmail: '' })).toEqual({ errors: {}, support: null });
    expect(employerSupportAnswer({ hasSupport: 'yes', employerName: 'Dr Jane', employerEmail: 'jane@nhs.example' }).support).toEqual({ name: 'Dr Jane', email: 'jane@nhs.example' });
    expect(employerSupportAnswer({ hasSupport: '', employerName: '', employerEmail: '' })).toEqual({ errors: { hasSupport: 'Select yes if someone at your employer supports your application' } });
    // Both of the supporter's problems at once.
    expect(employerSupportAnswer({ hasSupport: 'yes', employerName: '', employerEmail: 'nope' }).errors).toEqual({ employerName: expect.stringMatching(/^Enter the name/), employerEmail: expect.stringMatching(/correct format/) });
  });

  it('needs a statement of at most 5,000 characters, a ticked declaration and one of the round\'s qualifications', () => {
    expect(statementAnswer({ statement: '  ' }).error).toBe('Enter why you want this qualification');
    expect(statementAnswer({ statement: 'x'.repeat(5001) }).error).toBe('Your statement must be 5,000 characters or fewer');
    expect(statementAnswer({ statement: ' Why ' })).toEqual({ statement: 'Why' });
    expect(declarationError({})).toMatch(/^Confirm that the information/);
    expect(declarationError({ declaration: 'confirmed' })).toBeUndefined();
    expect(qualificationAnswer({ qualificationId: 'q2' }, ['q1', 'q2'])).toEqual({ qualificationId: 'q2' });
    expect(qualificationAnswer({ qualificationId: 'q3' }, ['q1', 'q2'])).toEqual({ error: 'Select the qualification you want to apply for' });
  });
});

describe('every problem with the profile at once', () => {
  it('asks only the section\'s fields', () => {
    const { answers, errors } = profileAnswers(profileValues({ currentRole: 'practice_manager' }, w), w, ['currentRole', 'yearsInRole', 'employerOdsCode', 'region']);
    expect(answers).toEqual({ currentRole: 'practice_manager' });
    expect(Object.keys(errors)).toEqual(['yearsInRole', 'region']);
  });

  it("puts the service's problems with what parsed beside the missing fields, in the page's order", () => {
    const { errors } = profileAnswers(profileValues(form({ fullName: '', employerOdsCode: 'X1' }), w), w);
    const merged = allProfileErrors(errors, [
      { field: 'employerOdsCode', message: 'must be an ODS code: a letter and five digits, like A81001' },
      { field: 'dateOfBirth', message: 'must be in the past' },
      { field: 'fullName', message: 'is required' },
    ]);
    expect(merged).toEqual({
      fullName: 'Enter your full name',
      dateOfBirth: 'Your date of birth must be in the past',
      employerOdsCode: 'Enter your practice code as a letter and five digits, like A81001',
    });
    expect(Object.keys(merged)).toEqual(['fullName', 'dateOfBirth', 'employerOdsCode']);
  });
});

describe('withdrawing and applying', () => {
  it('needs a reason of at most 1,000 characters', () => {
    expect(withdrawReason({ reason: '  ' })).toEqual({ reason: '', error: 'Enter why you are withdrawing your application' });
    expect(withdrawReason({ reason: 'x'.repeat(1001) }).error).toBe('Your reason must be 1,000 characters or fewer');
    expect(withdrawReason({ reason: ' I have a new job ' })).toEqual({ reason: 'I have a new job' });
  });

  it('takes only ids from an Apply button', () => {
    const id = '0b7d6a3e-3c1f-4e0e-9b5a-2f4a1c2d3e4f';
    expect(applyChoice({ roundId: id, qualificationId: id })).toEqual({ roundId: id, qualificationId: id });
    expect(applyChoice({ roundId: id, qualificationId: 'x' })).toBeUndefined();
    expect(applyChoice({})).toBeUndefined();
  });
});

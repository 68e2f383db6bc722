import { join } from 'node:path';
import { AppConfig, Clock, loadWorkforce } from '@app/config';
import { ProfileService, type ProfileAnswers } from './profile.service';

const workforce = loadWorkforce(join(__dirname, '../../../../config/workforce.yaml'));
const today = new Date('2027-01-16T12:00:00Z');
// check() reads only the workforce framework and the date: no database, accounts or clock are needed.
const service = new ProfileService(null as never, { workforce } as AppConfig, null as never, { now: () => today } as Clock);
const skills = Object.fromEntries(workforce.competencies.map((c) => [c.code, 2]));
const good: ProfileAnswers = {
  fullName: 'Sam Okafor',
  dateOfBirth: '1988-04-03',
  postcode: 'ls1 4ap',
  region: workforce.regions[0].code,
  currentRole: workforce.currentRoles[0].code,
  employerOdsCode: 'a81001',
  yearsInRole: 4,
  highestQualificationLevel: 3,
  hasLevel2EnglishAndMaths: true,
  skills,
};
const fields = (answers: ProfileAnswers) => service.check(answers).map((p) => p.field);

describe('ProfileService.check: every problem in one pass', () => {
  it('passes a good profile', () => {
    expect(service.check(good)).toEqual([]);
  });

  it('names a missing field beside a bad ODS code and a date of birth in the future', () => {
    const { fullName: _gone, ...rest } = good;
    const problems = service.check({ ...rest, employerOdsCode: 'X1', dateOfBirth: '2030-01-01' });
    expect(problems).toEqual([
      { field: 'fullName', message: 'is required' },
      { field: 'dateOfBirth', message: 'must be in the past' },
      { field: 'employerOdsCode', message: 'must be an ODS code: a letter and five digits, like A81001' },
    ]);
  });

  it('reports every field of an empty body, each skill by name', () => {
    expect(fields({})).toEqual([
      'fullName',
      'dateOfBirth',
      'postcode',
      'region',
      'currentRole',
      'yearsInRole',
      'highestQualificationLevel',
      'hasLevel2EnglishAndMaths',
      ...workforce.competencies.map((c) => `skills.${c.code}`),
    ]);
  });

  it('judges the kind of each value as well as its rules', () => {
    expect(service.check({ ...good, yearsInRole: '4', hasLevel2EnglishAndMaths: 'yes', dateOfBirth: '1988-02-30', postcode: 'NOT A CODE', region: 'mars' })).toEqual([
      { field: 'dateOfBirth', message: 'must be a date, like 1990-04-23' },
      { field: 'postcode', message: 'must be a UK postcode, like LS1 4AP' },
      { field: 'region', message: expect.stringMatching(/^must be one of /) },
      { field: 'yearsInRole', message: 'must be a whole number from 0 to 60' },
      { field: 'hasLevel2EnglishAndMaths', message: 'must be true or false' },
    ]);
    expect(fields({ ...good, skills: { ...skills, finance: 5, juggling: 1 } })).toEqual(['skills.finance', 'skills.juggling']);
    expect(fields({ ...good, dateOfBirth: '1900-01-01' })).toEqual(['dateOfBirth']);
  });

  it('judges only the fields asked, for a section of the task list', () => {
    expect(service.check({ currentRole: 'astronaut' }, today, ['currentRole', 'employerOdsCode'])).toEqual([{ field: 'currentRole', message: expect.stringMatching(/^must be one of /) }]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkforce } from '@app/config';
import { CompiledRuleSet, FACT_NAMES, parseRuleSet } from '@app/eligibility';
import { eligibilityFacts } from '@app/intake';
import {
  APPLICATION_FACTS,
  askedQuestions,
  backPath,
  checkerAnswers,
  checkRows,
  firstUnanswered,
  journey,
  nextPath,
  QUESTION_SLUGS,
  QUESTIONS,
  questionErrors,
  type CheckerValues,
} from './eligibility-questions';

const configDir = join(__dirname, '../../../../../config/eligibility');
const ruleSets = readdirSync(configDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((file) => CompiledRuleSet.compile(parseRuleSet(readFileSync(join(configDir, file), 'utf8'), file)));
const newest = ruleSets.find((r) => r.version === '2026-1')!;
const w = loadWorkforce('config/workforce.yaml');

const manager: CheckerValues = { day: '14', month: '3', year: '1985', currentRole: 'practice_manager', region: 'london', employerOdsCode: 'B82005', postcode: 'LS1 4AP' };
const leaver: CheckerValues = { day: '1', month: '9', year: '2008', currentRole: 'school_leaver', region: 'wales', postcode: 'CF10 1AA', hasLevel2EnglishAndMaths: 'no' };

describe('the eligibility checker asks what the rules read', () => {
  it.each(ruleSets.map((r) => [r.version, r] as const))('every fact rule set %s reads is asked by a question, or is about the application', (_v, ruleSet) => {
    const askedFacts = new Set(askedQuestions(ruleSet.facts).flatMap((slug) => QUESTIONS[slug].facts));
    expect(ruleSet.facts.filter((f) => !askedFacts.has(f) && !APPLICATION_FACTS.includes(f))).toEqual([]);
  });

  it('has a question (or an application fact) for every fact the engine knows, so a new rule cannot read one never asked', () => {
    const covered = new Set([...QUESTION_SLUGS.flatMap((slug) => QUESTIONS[slug].facts), ...APPLICATION_FACTS]);
    expect(FACT_NAMES.filter((f) => !covered.has(f))).toEqual([]);
  });

  it('under 2026-1 asks six questions, not the qualification or years in role (no rule reads them), never the skills', () => {
    expect(askedQuestions(newest.facts)).toEqual(['date-of-birth', 'role', 'where', 'practice-code', 'postcode', 'english-and-maths']);
    expect(askedQuestions([...newest.facts, 'yearsInRole'])).toContain('years-in-role');
  });

  it.each(ruleSets.map((r) => [r.version, r] as const))('under %s, a question skipped for someone cannot change their result', (_v, ruleSet) => {
    for (const role of w.currentRoles) {
      for (const region of ['london', 'wales']) {
        const base = { ...manager, currentRole: role.code, region, postcode: region === 'wales' ? 'CF10 1AA' : 'LS1 4AP' };
        const skipped = askedQuestions(ruleSet.facts).filter((slug) => !journey(base, ruleSet.facts, w).includes(slug));
        if (!skipped.includes('english-and-maths')) continue;
        // Either answer to the skipped question, straight into the facts: the rules must not tell them apart.
        const decide = (hasLevel2EnglishAndMaths: boolean) => {
          const a = checkerAnswers(base, ruleSet.facts, w);
          const facts = eligibilityFacts(
            {
              profile: { dateOfBirth: a.dateOfBirth!, postcode: a.postcode!, region: a.region!, currentRole: a.currentRole!, employerOdsCode: a.employerOdsCode, yearsInRole: 3, highestQualificationLevel: 3, hasLevel2EnglishAndMaths },
              employerSupportNamed: true,
              qualificationLevel: 5,
              qualificationOffered: true,
              fundedLevels: [],
              on: new Date('2026-12-04T12:00:00Z'),
            },
            w,
          );
          return ruleSet.evaluate(facts);
        };
        expect([role.code, region, decide(true)]).toEqual([role.code, region, decide(false)]);
      }
    }
  });
});

describe('the journey', () => {
  it('asks a practice manager for a practice code, a school leaver about English and maths instead', () => {
    expect(journey(manager, newest.facts, w)).toEqual(['date-of-birth', 'role', 'where', 'practice-code', 'postcode']);
    expect(journey(leaver, newest.facts, w)).toEqual(['date-of-birth', 'role', 'where', 'postcode', 'english-and-maths']);
  });

  it('goes forward and back through the questions that apply, from and to the start page', () => {
    expect(nextPath('where', leaver, newest.facts, w, false)).toBe('/portal/eligibility/postcode');
    expect(nextPath('postcode', manager, newest.facts, w, false)).toBe('/portal/eligibility/check-answers');
    expect(backPath('postcode', leaver, newest.facts, w, false)).toBe('/portal/eligibility/where');
    expect(backPath('date-of-birth', leaver, newest.facts, w, false)).toBe('/portal/eligibility');
  });

  it('after a change goes back to check your answers, unless the change brings in a question not yet answered', () => {
    expect(nextPath('postcode', manager, newest.facts, w, true)).toBe('/portal/eligibility/check-answers');
    expect(backPath('postcode', manager, newest.facts, w, true)).toBe('/portal/eligibility/check-answers');
    const nowLeaver = { ...manager, currentRole: 'school_leaver' };
    expect(firstUnanswered(nowLeaver, newest.facts, w)).toBe('english-and-maths');
    expect(nextPath('role', nowLeaver, newest.facts, w, true)).toBe('/portal/eligibility/english-and-maths?change=1');
  });

  it('gives the service the answers that apply: no practice code for a school leaver, English and maths only for one', () => {
    expect(checkerAnswers({ ...leaver, employerOdsCode: 'A81001' }, newest.facts, w)).toEqual({
      dateOfBirth: '2008-09-01',
      currentRole: 'school_leaver',
      region: 'wales',
      employerOdsCode: null,
      postcode: 'CF10 1AA',
      hasLevel2EnglishAndMaths: false,
    });
    expect(checkerAnswers({ ...manager, hasLevel2EnglishAndMaths: 'yes' }, newest.facts, w)).toMatchObject({ employerOdsCode: 'B82005', hasLevel2EnglishAndMaths: false });
  });

  it('shows each answer in words on check your answers, with a Change link that comes back', () => {
    const rows = checkRows(leaver, newest.facts, w);
    expect(rows.map((r) => [r.key.text, r.value.text])).toEqual([
      ['Date of birth', '1 September 2008'],
      ['Current role', 'School leaver'],
      ['Where you work or live', 'Wales (outside England)'],
      ['Postcode', 'CF10 1AA'],
      ['English and maths at level 2', 'No'],
    ]);
    expect(rows[2].actions.items[0]).toEqual({ href: '/portal/eligibility/where?change=1', text: 'Change', visuallyHiddenText: 'where you work or live' });
  });

  it('names the problem with each answer', () => {
    expect(questionErrors('date-of-birth', { day: '31', month: '2', year: '1990' }, w)).toEqual({ dateOfBirth: 'Your date of birth must be a real date, like 23 4 1988' });
    expect(questionErrors('where', { currentRole: 'school_leaver' }, w)).toEqual({ region: 'Select the NHS England region you live in, or the nation if outside England' });
    expect(questionErrors('where', { currentRole: 'practice_manager', region: 'scotland' }, w)).toEqual({});
    expect(questionErrors('practice-code', { employerOdsCode: '' }, w)).toEqual({});
    expect(questionErrors('practice-code', { employerOdsCode: '12345' }, w)).toEqual({ employerOdsCode: 'Enter your practice’s ODS code as a letter and five digits, like A81001' });
    expect(questionErrors('english-and-maths', {}, w)).toEqual({ hasLevel2EnglishAndMaths: 'Select yes if you have English and maths at level 2 or above' });
  });
});

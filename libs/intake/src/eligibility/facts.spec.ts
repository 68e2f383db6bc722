import { loadWorkforce } from '@app/config';
import { eligibilityFacts, type FactSources } from './facts';

const workforce = loadWorkforce('config/workforce.yaml');

function facts(profile: Partial<FactSources['profile']>) {
  return eligibilityFacts(
    {
      profile: {
        dateOfBirth: '1985-04-23',
        postcode: 'LS1 4AP',
        region: 'north_east_and_yorkshire',
        currentRole: 'practice_manager',
        employerOdsCode: null,
        yearsInRole: 3,
        highestQualificationLevel: 3,
        hasLevel2EnglishAndMaths: true,
        ...profile,
      },
      employerSupportNamed: true,
      qualificationLevel: 5,
      qualificationOffered: true,
      fundedLevels: [],
      on: new Date('2026-12-04T12:00:00Z'),
    },
    workforce,
  );
}

const where = (p: Partial<FactSources['profile']>) => {
  const f = facts(p);
  return { livesInEngland: f.livesInEngland, worksInEngland: f.worksInEngland };
};

describe('where someone lives and works, from their answers', () => {
  it('offers the nations outside England beside, not among, the regions', () => {
    expect(workforce.outsideEngland.map((n) => n.code)).toEqual(['wales', 'scotland', 'northern_ireland']);
    expect(workforce.regions.map((r) => r.code)).not.toContain('wales');
  });

  it.each([
    // In general practice the region is where they work; the postcode where they live.
    ['a practice manager in Cardiff working in Wales', { postcode: 'CF10 1AA', region: 'wales' }, { livesInEngland: false, worksInEngland: false }],
    ['a practice manager in Glasgow working in Scotland', { postcode: 'G1 1XQ', region: 'scotland' }, { livesInEngland: false, worksInEngland: false }],
    ['a practice manager in Belfast working in Northern Ireland', { postcode: 'BT1 5GS', region: 'northern_ireland' }, { livesInEngland: false, worksInEngland: false }],
    ['a practice manager living in Wales, working in an English region', { postcode: 'LL11 1AA', region: 'north_west' }, { livesInEngland: false, worksInEngland: true }],
    ['a practice manager living in England, working in Wales', { postcode: 'CH1 1AA', region: 'wales' }, { livesInEngland: true, worksInEngland: false }],
    // A practice's ODS code outranks the region for where its staff work.
    ['a Welsh practice code, whatever the region', { postcode: 'CF10 1AA', region: 'north_west', employerOdsCode: 'W00001' }, { livesInEngland: false, worksInEngland: false }],
    ['an English practice code, whatever the region', { postcode: 'CF10 1AA', region: 'wales', employerOdsCode: 'A81001' }, { livesInEngland: false, worksInEngland: true }],
    // Outside general practice the region is where they live, and a nation there outranks a border postcode area.
    ['a school leaver in Welshpool (SY, counted as England) who says Wales', { currentRole: 'school_leaver', postcode: 'SY21 7AA', region: 'wales' }, { livesInEngland: false, worksInEngland: false }],
    ['a school leaver in Leeds', { currentRole: 'school_leaver', postcode: 'LS1 4AP', region: 'north_east_and_yorkshire' }, { livesInEngland: true, worksInEngland: false }],
    ['a career changer in Edinburgh', { currentRole: 'not_in_general_practice', postcode: 'EH1 1AA', region: 'scotland' }, { livesInEngland: false, worksInEngland: false }],
  ])('%s', (_name, profile, expected) => {
    expect(where(profile)).toEqual(expected);
  });
});

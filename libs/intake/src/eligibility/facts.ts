import type { WorkforceFramework } from '@app/config';
import type { EligibilityFacts } from '@app/eligibility';
import { ageOn, odsCodeInEngland, postcodeInEngland } from '../profile/normalise';

/** What the facts are built from: a profile (saved or, for the anonymous checker, just answered) and the application. */
export interface FactSources {
  profile: {
    dateOfBirth: string;
    postcode: string;
    currentRole: string;
    employerOdsCode?: string | null;
    yearsInRole: number;
    highestQualificationLevel: number;
    hasLevel2EnglishAndMaths: boolean;
  };
  employerSupportNamed: boolean;
  qualificationLevel: number;
  qualificationOffered: boolean;
  fundedLevels: number[];
  on: Date;
}

/** Derives the eligibility engine's facts; the one place profile answers become facts. */
export function eligibilityFacts(s: FactSources, workforce: WorkforceFramework): EligibilityFacts {
  const category = workforce.currentRoles.find((r) => r.code === s.profile.currentRole)?.category ?? 'other';
  return {
    ageYears: ageOn(s.profile.dateOfBirth, s.on),
    livesInEngland: postcodeInEngland(s.profile.postcode),
    worksInEngland: odsCodeInEngland(s.profile.employerOdsCode),
    currentRole: s.profile.currentRole,
    worksInGeneralPractice: category === 'general_practice',
    isSchoolLeaver: category === 'school_leaver',
    // Someone outside general practice applying to a practice management qualification is changing career.
    isCareerChanger: category === 'career_changer' || category === 'other',
    hasLevel2EnglishAndMaths: s.profile.hasLevel2EnglishAndMaths,
    employerSupportNamed: s.employerSupportNamed,
    qualificationLevel: s.qualificationLevel,
    qualificationOffered: s.qualificationOffered,
    fundedLevels: s.fundedLevels,
    highestQualificationLevel: s.profile.highestQualificationLevel,
    yearsInRole: s.profile.yearsInRole,
  };
}

/**
 * The review priority score (0-100): the sum of the configured weights that
 * apply. Higher is reviewed, and funded from the waiting list, first.
 */
export function priorityScore(
  profile: { region: string; currentRole: string; highestQualificationLevel: number },
  workforce: WorkforceFramework,
): number {
  const p = workforce.priority;
  let score = 0;
  if (profile.highestQualificationLevel < p.noPriorManagementQualificationBelowLevel) score += p.noPriorManagementQualification;
  if (workforce.regions.find((r) => r.code === profile.region)?.underServed) score += p.underServedRegion;
  if (workforce.currentRoles.find((r) => r.code === profile.currentRole)?.atScale) score += p.workingAtScale;
  score += p.careerStage[profile.currentRole] ?? 0;
  return Math.min(100, score);
}

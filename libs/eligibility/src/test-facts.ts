// Test-only helpers shared by the eligibility specs; not exported from index.ts.
import type { EligibilityFacts } from './facts';

/** An experienced practice manager who meets every rule in 2026-1. */
export const practiceManager: EligibilityFacts = {
  ageYears: 45,
  livesInEngland: true,
  worksInEngland: true,
  currentRole: 'practice_manager',
  worksInGeneralPractice: true,
  isSchoolLeaver: false,
  isCareerChanger: false,
  hasLevel2EnglishAndMaths: true,
  employerSupportNamed: true,
  qualificationLevel: 5,
  qualificationOffered: true,
  fundedLevels: [],
  highestQualificationLevel: 4,
  yearsInRole: 6,
};

/** A 17-year-old leaving school with Level 2 English and maths, applying for a Level 3 course. */
export const schoolLeaver: EligibilityFacts = {
  ageYears: 17,
  livesInEngland: true,
  worksInEngland: false,
  currentRole: 'school_leaver',
  worksInGeneralPractice: false,
  isSchoolLeaver: true,
  isCareerChanger: false,
  hasLevel2EnglishAndMaths: true,
  employerSupportNamed: false,
  qualificationLevel: 3,
  qualificationOffered: true,
  fundedLevels: [],
  highestQualificationLevel: 2,
  yearsInRole: 0,
};

/** A retail manager aiming at practice management, not yet working in general practice. */
export const careerChanger: EligibilityFacts = {
  ageYears: 34,
  livesInEngland: true,
  worksInEngland: false,
  currentRole: 'not_in_general_practice',
  worksInGeneralPractice: false,
  isSchoolLeaver: false,
  isCareerChanger: true,
  hasLevel2EnglishAndMaths: true,
  employerSupportNamed: false,
  qualificationLevel: 3,
  qualificationOffered: true,
  fundedLevels: [],
  highestQualificationLevel: 3,
  yearsInRole: 0,
};

/** A copy of `base` with some facts changed. */
export function withFacts(base: EligibilityFacts, changes: Partial<EligibilityFacts>): EligibilityFacts {
  return { ...base, ...changes };
}

import { isOutsideEngland, type WorkforceFramework } from '@app/config';
import type { EligibilityFacts } from '@app/eligibility';
import { ageOn, odsCodeInEngland, postcodeInEngland } from '../profile/normalise';

/** What the facts are built from: a profile (saved or, for the anonymous checker, just answered) and the application. */
export interface FactSources {
  profile: {
    dateOfBirth: string;
    postcode: string;
    /** An NHS England region code, or a nation outside England: where they work, or live if not in general practice. */
    region: string;
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

/**
 * Derives the eligibility engine's facts; the one place profile answers become facts.
 *
 * The region answer is where someone works if they are in general practice,
 * else where they live, and it may be a nation outside England. So: a
 * practice's ODS code decides where its staff work; without one, their region
 * does. The postcode decides where people live, except that someone outside
 * general practice who says they live in Wales, Scotland or Northern Ireland
 * does not live in England whatever a border postcode area suggests.
 */
export function eligibilityFacts(s: FactSources, workforce: WorkforceFramework): EligibilityFacts {
  const category = workforce.currentRoles.find((r) => r.code === s.profile.currentRole)?.category ?? 'other';
  const inGeneralPractice = category === 'general_practice';
  const regionInEngland = workforce.regions.some((r) => r.code === s.profile.region);
  const saysLivesOutside = !inGeneralPractice && isOutsideEngland(workforce, s.profile.region);
  return {
    ageYears: ageOn(s.profile.dateOfBirth, s.on),
    livesInEngland: postcodeInEngland(s.profile.postcode) && !saysLivesOutside,
    worksInEngland: s.profile.employerOdsCode ? odsCodeInEngland(s.profile.employerOdsCode) : inGeneralPractice && regionInEngland,
    currentRole: s.profile.currentRole,
    worksInGeneralPractice: inGeneralPractice,
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

/** One fixed weight from config/workforce.yaml that applied to an application. */
export interface PriorityPart {
  code: 'no_prior_management_qualification' | 'under_served_region' | 'working_at_scale' | 'career_stage';
  label: string;
  points: number;
}

/** One competency of the gap part: the gap found (null: none to use) and where it came from. */
export interface GapCompetencyPart {
  code: string;
  name: string;
  /** The area whose cell was used; null when no cell could be used. */
  areaKind: 'icb' | 'region' | null;
  areaCode: string | null;
  areaName: string | null;
  /** requiredLevel - averageLevel of that cell; null when suppressed, absent or without a role profile level. */
  gap: number | null;
  /** True when the ICB's cell was suppressed or absent and the region's was used (or tried). */
  fellBack: boolean;
  /** Why no gap (or the fall-back) in words, e.g. "ICB cell fewer than 5 people: region used". */
  note: string | null;
}

/** The gap weighting's share of a score: points = round(maxPoints x mean positive gap / 3). */
export interface GapPriorityPart {
  points: number;
  maxPoints: number;
  settingVersion: number;
  areaKind: 'icb' | 'region';
  auditYear: string | null;
  role: string;
  roleName: string;
  meanPositiveGap: number;
  competencies: GapCompetencyPart[];
}

/** How a stored priority score was made (application.priority_breakdown). */
export interface PriorityBreakdown {
  fixed: PriorityPart[];
  gap: GapPriorityPart | null;
  /** The score: the parts' sum, at most 100. */
  total: number;
}

/** The fixed weights from config/workforce.yaml that apply, each named. */
export function priorityParts(
  profile: { region: string; currentRole: string; highestQualificationLevel: number },
  workforce: WorkforceFramework,
): PriorityPart[] {
  const p = workforce.priority;
  const parts: PriorityPart[] = [];
  if (profile.highestQualificationLevel < p.noPriorManagementQualificationBelowLevel) {
    parts.push({ code: 'no_prior_management_qualification', label: `No management qualification at level ${p.noPriorManagementQualificationBelowLevel} or above`, points: p.noPriorManagementQualification });
  }
  const region = workforce.regions.find((r) => r.code === profile.region);
  if (region?.underServed) parts.push({ code: 'under_served_region', label: `Under-served region (${region.name})`, points: p.underServedRegion });
  const role = workforce.currentRoles.find((r) => r.code === profile.currentRole);
  if (role?.atScale) parts.push({ code: 'working_at_scale', label: 'Working at scale', points: p.workingAtScale });
  const stage = p.careerStage[profile.currentRole];
  if (stage) parts.push({ code: 'career_stage', label: `Career stage (${role?.name ?? profile.currentRole})`, points: stage });
  return parts;
}

/** The score and its breakdown from the fixed parts and any gap part: their sum, capped at 100. */
export function priorityBreakdown(fixed: PriorityPart[], gap: GapPriorityPart | null): PriorityBreakdown {
  const sum = fixed.reduce((n, p) => n + p.points, 0) + (gap?.points ?? 0);
  return { fixed, gap, total: Math.max(0, Math.min(100, sum)) };
}

/**
 * The review priority score (0-100): the sum of the configured weights that
 * apply. Higher is reviewed, and funded from the waiting list, first.
 */
export function priorityScore(
  profile: { region: string; currentRole: string; highestQualificationLevel: number },
  workforce: WorkforceFramework,
): number {
  return priorityBreakdown(priorityParts(profile, workforce), null).total;
}

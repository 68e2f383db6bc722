/** One page the workforce home lists. */
export interface WorkforcePage {
  href: string;
  title: string;
  description: string;
}

/**
 * The workforce home's list (/portal/staff/workforce), in the order shown.
 * Pages of the workforce insight add themselves here (the gap and coverage
 * pages append their entries).
 */
export const WORKFORCE_PAGES: WorkforcePage[] = [
  {
    href: '/portal/staff/workforce/practices',
    title: 'Practices, networks and ICBs',
    description: 'Upload NHS Digital’s practice file (epraccur), the ICB names and the primary care network membership that place people in their network, ICB and region.',
  },
  {
    href: '/portal/staff/workforce/counts',
    title: 'Official practice manager counts',
    description: 'Upload NHS Digital’s General Practice Workforce count of practice managers by region or ICB, which coverage compares the skills audit with.',
  },
  {
    href: '/portal/staff/workforce/role-profiles',
    title: 'Role profiles',
    description: 'For each role, the level each competency should reach: what the skills gap is measured against. Every change is a new version.',
  },
  {
    href: '/portal/staff/workforce/targets',
    title: 'Targets',
    description: 'How many qualified practice managers each region or ICB needs. Every change is a new version.',
  },
  {
    href: '/portal/staff/workforce/gap-weighting',
    title: 'Gap-weighted priority',
    description: 'Let the skills gap of an applicant’s area and role raise their review priority, after previewing how the queue’s order would change.',
  },
  {
    href: '/portal/staff/reports/skills-gap',
    title: 'The skills gap',
    description: 'A heatmap of competency by region or ICB against the role profiles, with the same figures in a table.',
  },
  {
    href: '/portal/staff/reports/coverage',
    title: 'Coverage',
    description: 'What share of the real workforce the skills audit knows, by area, beside the gap.',
  },
];

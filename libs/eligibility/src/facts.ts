/**
 * The facts a rule set is evaluated against. The intake lib derives them from
 * the applicant's profile and application; the engine never looks anything up.
 */
export interface EligibilityFacts {
  /** Whole years on the day of the check. */
  ageYears: number;
  /** Derived from the postcode. */
  livesInEngland: boolean;
  /** The employer is an English GP practice or primary care provider. */
  worksInEngland: boolean;
  /** One of CURRENT_ROLES. */
  currentRole: string;
  /** Currently employed in NHS general practice or primary care. */
  worksInGeneralPractice: boolean;
  isSchoolLeaver: boolean;
  /** Not yet working in general practice, aiming at practice management. */
  isCareerChanger: boolean;
  hasLevel2EnglishAndMaths: boolean;
  /** The application names an employer supporter (name and email). */
  employerSupportNamed: boolean;
  /** RQF level (1-8) of the qualification applied for. */
  qualificationLevel: number;
  /** That qualification is offered in this round. */
  qualificationOffered: boolean;
  /** RQF levels of qualifications this programme has already funded for this person. */
  fundedLevels: number[];
  /** RQF level (0-8) the person already holds. */
  highestQualificationLevel: number;
  yearsInRole: number;
}

/** The roles an applicant can give as their current role. */
export const CURRENT_ROLES = [
  'school_leaver',
  'not_in_general_practice',
  'receptionist_or_administrator',
  'assistant_practice_manager',
  'practice_manager',
  'business_or_network_manager',
  'other',
] as const;

/**
 * The CEL type of each fact. Whole numbers are CEL `int` so rule authors write
 * `ageYears >= 16` and `level in [4, 5]` without decimals; the engine converts
 * the JS numbers to BigInt (CEL's int) before evaluating.
 */
export const FACT_TYPES: Record<keyof EligibilityFacts, string> = {
  ageYears: 'int',
  livesInEngland: 'bool',
  worksInEngland: 'bool',
  currentRole: 'string',
  worksInGeneralPractice: 'bool',
  isSchoolLeaver: 'bool',
  isCareerChanger: 'bool',
  hasLevel2EnglishAndMaths: 'bool',
  employerSupportNamed: 'bool',
  qualificationLevel: 'int',
  qualificationOffered: 'bool',
  fundedLevels: 'list<int>',
  highestQualificationLevel: 'int',
  yearsInRole: 'int',
};

/** The fact names, in declaration order. */
export const FACT_NAMES = Object.keys(FACT_TYPES) as (keyof EligibilityFacts)[];

/** Facts converted for CEL, plus a line per fact that could not be converted. */
export interface CelFacts {
  context: Record<string, unknown>;
  problems: Partial<Record<keyof EligibilityFacts, string>>;
}

function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (value === undefined || value === null) return 'nothing';
  return Array.isArray(value) ? 'a list' : typeof value;
}

// Only safe integers convert: anything else is a bug upstream, and CEL ints are
// 64-bit, so a rounded or out-of-range number would be silently wrong.
function toInt(value: unknown): bigint | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : undefined;
}

function convert(type: string, value: unknown): unknown {
  switch (type) {
    case 'int':
      return toInt(value);
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'list<int>': {
      if (!Array.isArray(value)) return undefined;
      // Array.from, not value.map: a list from another realm (a structured
      // clone, a vm context) would keep its foreign Array, which CEL rejects.
      const ints = Array.from(value as unknown[], toInt);
      return ints.every((i) => i !== undefined) ? ints : undefined;
    }
    default:
      return undefined;
  }
}

const EXPECTED: Record<string, string> = {
  int: 'a whole number',
  bool: 'true or false',
  string: 'text',
  'list<int>': 'a list of whole numbers',
};

/**
 * Converts facts into a CEL evaluation context. Never throws: a fact of the
 * wrong shape is left out of the context and described in `problems`, so only
 * the rules that use it fail (and are referred to a person).
 */
export function toCelFacts(facts: EligibilityFacts): CelFacts {
  const source = (facts ?? {}) as unknown as Record<string, unknown>;
  const context: Record<string, unknown> = {};
  const problems: CelFacts['problems'] = {};
  for (const name of FACT_NAMES) {
    const type = FACT_TYPES[name];
    const converted = convert(type, source[name]);
    if (converted === undefined) {
      problems[name] = `fact ${name} must be ${EXPECTED[type]} (got ${describeValue(source[name])})`;
    } else {
      context[name] = converted;
    }
  }
  return { context, problems };
}

import type { EntityManager } from 'typeorm';
import type { GapPriorityPart } from '../eligibility/facts';

/**
 * The gap part of a new submission's priority score, when the programme has
 * switched gap weighting on (libs/workforce provides it; intake does not
 * import the workforce lib). Null: no gap part, the fixed weights alone.
 * Called inside the submission's transaction.
 */
export abstract class SubmissionPriority {
  abstract gapPart(manager: EntityManager, applicationId: string): Promise<GapPriorityPart | null>;
}

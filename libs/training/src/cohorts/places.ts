import type { EntityManager } from 'typeorm';

/** Gives back the cohort place an enrolment took (a learner withdrawn before starting, or turned down). */
export async function releasePlace(manager: EntityManager, enrolmentId: string): Promise<void> {
  await manager.query(`UPDATE cohort SET places_taken = places_taken - 1 WHERE id = (SELECT cohort_id FROM enrolment WHERE id = $1)`, [enrolmentId]);
}

/**
 * Takes back the place an enrolment gave up (its withdrawal or turning down
 * corrected), with the same guard as placing: false when the cohort is full
 * or cancelled since.
 */
export async function retakePlace(manager: EntityManager, enrolmentId: string): Promise<boolean> {
  const taken = await manager.query(
    `UPDATE cohort SET places_taken = places_taken + 1 WHERE id = (SELECT cohort_id FROM enrolment WHERE id = $1) AND places_taken < capacity AND cancelled_at IS NULL RETURNING id`,
    [enrolmentId],
  );
  return (Array.isArray(taken[0]) ? taken[0] : taken).length > 0;
}

import type { EntityManager } from 'typeorm';

/** Gives back the cohort place an enrolment took (a learner withdrawn before starting, or turned down). */
export async function releasePlace(manager: EntityManager, enrolmentId: string): Promise<void> {
  await manager.query(`UPDATE cohort SET places_taken = places_taken - 1 WHERE id = (SELECT cohort_id FROM enrolment WHERE id = $1)`, [enrolmentId]);
}

import { randomBytes } from 'node:crypto';
import { BudgetService } from '@app/budget';
import { SYSTEM_ACTOR } from '@app/identity';
import type { ProfileInput } from '@app/intake';
import { CohortsService } from '@app/training';
import type { World } from '../support/world';
import { applicant, draft } from './intake.factory';

/** A cohort of `capacity` places running the qualification. */
export async function cohort(w: World, providerId: string, qualificationId: string, capacity = 20, startDate = new Date(w.clock.now().getTime() - 30 * 86_400_000).toISOString().slice(0, 10)) {
  return w.api.app.get(CohortsService).create({ providerId, qualificationId, startDate, capacity, deliveryMode: 'blended' }, SYSTEM_ACTOR);
}

/** How long before "now" acceptedOffer's applicant applied, was offered and accepted. */
export const ACCEPTED_DAYS_AGO = 90;

/**
 * An applicant whose offer is made (through review, with its money reserved)
 * and accepted, as a person would; `profile` overrides the applicant's profile,
 * `statement` is written on the application. The application's history is then
 * moved `acceptedDaysAgo` (ACCEPTED_DAYS_AGO unless told) back, so a test can
 * date a start (which may not be before the acceptance) weeks in the past, as
 * real learners accept before they start.
 */
export async function acceptedOffer(
  w: World,
  adminToken: string,
  roundId: string,
  qualificationId: string,
  options: { profile?: Partial<ProfileInput>; statement?: string; acceptedDaysAgo?: number } = {},
) {
  const acceptedDaysAgo = options.acceptedDaysAgo ?? ACCEPTED_DAYS_AGO;
  const user = await applicant(w, options.profile);
  const app = await draft(w, user.token, roundId, qualificationId);
  if (options.statement) await w.call('PATCH', `/applications/${app.id}`, { token: user.token, body: { statement: options.statement } });
  await w.call('POST', `/applications/${app.id}/submit`, { token: user.token });
  const decided = await w.call('POST', `/admin/applications/${app.id}/decision`, { token: adminToken, body: { decision: 'approve', reasonCode: 'meets_criteria' } });
  if (decided.body.status !== 'offered') throw new Error(`approve: ${decided.status} ${JSON.stringify(decided.body)}`);
  const accepted = await w.call('POST', `/applications/${app.id}/offer/accept`, { token: user.token });
  if (accepted.body.status !== 'accepted') throw new Error(`accept: ${JSON.stringify(accepted.body)}`);
  if (acceptedDaysAgo) await w.db.query(`UPDATE application_transition SET at = at - make_interval(days => $2) WHERE application_id = $1`, [app.id, acceptedDaysAgo]);
  return { user, app };
}

/**
 * Many learners already started on one cohort, built in bulk (SQL for the
 * people and records, the budget service for their money, so the ledger is real).
 */
export async function startedLearners(w: World, o: { providerId: string; roundId: string; qualificationId: string; potId: string; count: number; bursaryPence: number }): Promise<string[]> {
  const tag = randomBytes(4).toString('hex');
  const c = await cohort(w, o.providerId, o.qualificationId, o.count);
  const ids = Array.from({ length: o.count }, (_, i) => i);
  const rows: { application_id: string; enrolment_id: string }[] = await w.db.query(
    `WITH u AS (
       INSERT INTO user_account (email, full_name, role, email_verified_at)
       SELECT 'learner.' || $1 || '.' || i || '@example.org', 'Learner ' || i, 'applicant', now() FROM unnest($2::int[]) AS i RETURNING id
     ), a AS (
       INSERT INTO application (reference, applicant_id, round_id, qualification_id, status, submitted_at)
       SELECT 'PMB-T-' || $1 || '-' || row_number() OVER (), u.id, $3, $4, 'enrolled', now() FROM u RETURNING id
     )
     INSERT INTO enrolment (application_id, cohort_id, provider_id, status, start_date)
     SELECT a.id, $5, $6, 'started', current_date - 20 FROM a RETURNING application_id, id AS enrolment_id`,
    [tag, ids, o.roundId, o.qualificationId, c.id, o.providerId],
  );
  await w.db.query(`UPDATE cohort SET places_taken = $2 WHERE id = $1`, [c.id, o.count]);
  const budget = w.api.app.get(BudgetService);
  for (const r of rows) {
    await w.db.transaction(async (m) => {
      const held = await budget.reserve(m, { potId: o.potId, applicationId: r.application_id, amountPence: o.bursaryPence, actor: SYSTEM_ACTOR });
      if (!held.reserved) throw new Error('startedLearners: the pot cannot cover these learners');
      await budget.commit(m, { applicationId: r.application_id, actor: SYSTEM_ACTOR });
    });
  }
  return rows.map((r) => r.enrolment_id);
}

import { openRound, pot, qualification } from '../factories/intake.factory';
import { acceptedOffer, cohort } from '../factories/training.factory';
import type { World } from './world';

/**
 * A programme ready for a provider to report on: an admin, a level 5
 * qualification (£500 bursary, 50% on start), an open round drawing on a
 * £100,000 pot, and a way to place a funded learner on a provider's cohort.
 */
export async function providerProgramme(w: World) {
  const admin = await w.signedIn('admin');
  const level5 = await qualification(w, { level: 5 });
  const round = await openRound(w, [level5.id], { potId: (await pot(w, 10_000_000)).id });

  /** An accepted offer placed on a new cohort of `providerId`: a learner the provider can start (`options` shape the applicant, as acceptedOffer). */
  async function placedLearner(
    providerId: string,
    options: Parameters<typeof acceptedOffer>[4] = {},
  ): Promise<{ applicationId: string; reference: string; enrolmentId: string; cohortId: string; applicantEmail: string }> {
    const { app, user } = await acceptedOffer(w, admin.token, round.id, level5.id, options);
    const c = await cohort(w, providerId, level5.id);
    const res = await w.call('POST', `/admin/applications/${app.id}/enrolment`, { token: admin.token, body: { cohortId: c.id } });
    if (res.status !== 201) throw new Error(`placing a learner: ${res.status} ${JSON.stringify(res.body)}`);
    return { applicationId: app.id, reference: app.reference, enrolmentId: res.body.enrolmentId, cohortId: c.id, applicantEmail: user.email };
  }

  return { admin, level5, round, placedLearner };
}

/** A date `n` days ago as the three fields of an NHS date input. */
export function dateFields(daysAgo: number): Record<string, string> {
  const d = new Date(Date.now() - daysAgo * 86_400_000);
  return { 'date[day]': String(d.getUTCDate()), 'date[month]': String(d.getUTCMonth() + 1), 'date[year]': String(d.getUTCFullYear()) };
}

import { randomBytes } from 'node:crypto';
import { financialYearOf, PotsService } from '@app/budget';
import { SYSTEM_ACTOR } from '@app/identity';
import { ProfileService, QualificationsService, RoundsService, type ProfileInput } from '@app/intake';
import type { World } from '../support/world';

/** A profile that passes every rule of 2026-1 (with employer support named on the application). */
export function goodProfile(overrides: Partial<ProfileInput> = {}): ProfileInput {
  return {
    fullName: `Pat Applicant ${randomBytes(3).toString('hex')}`,
    dateOfBirth: '1985-03-14',
    postcode: 'LS1 4AP',
    region: 'north_east_and_yorkshire',
    currentRole: 'assistant_practice_manager',
    employerOdsCode: 'B82005',
    yearsInRole: 4,
    highestQualificationLevel: 3,
    hasLevel2EnglishAndMaths: true,
    skills: {
      finance: 2,
      hr_workforce: 2,
      governance_compliance: 3,
      it_data: 3,
      contracts_commissioning: 1,
      leadership_change: 2,
      patient_services: 4,
      premises_operations: 2,
    },
    ...overrides,
  };
}

export async function qualification(w: World, overrides: { level?: number; bursaryPence?: number } = {}) {
  return w.api.app.get(QualificationsService).create(
    { title: `Level ${overrides.level ?? 5} Diploma in Practice Management (example)`, awardingBody: 'Example Awarding Body', level: overrides.level ?? 5, durationMonths: 12, bursaryPence: overrides.bursaryPence, isExample: true },
    SYSTEM_ACTOR,
  );
}

/** A bursaries pot for this financial year holding `amountPence` (default £50,000). */
export async function pot(w: World, amountPence = 5_000_000) {
  return w.api.app.get(PotsService).create(
    { name: `Bursaries ${randomBytes(3).toString('hex')}`, financialYear: financialYearOf(w.clock.now(), w.api.config.programme.financialYearStart).label, amountPence, purpose: 'bursaries' },
    SYSTEM_ACTOR,
  );
}

/** A round open by the World's clock offering the given qualifications, drawing on a new £50,000 pot unless told which. */
export async function openRound(w: World, qualificationIds: string[], options: { potId?: string; opensAt?: Date; closesAt?: Date } = {}) {
  const potId = options.potId ?? (await pot(w)).id;
  const now = w.clock.now().getTime();
  return w.api.app.get(RoundsService).create(
    {
      name: `Round ${randomBytes(3).toString('hex')}`,
      opensAt: options.opensAt ?? new Date(now - 3600_000),
      closesAt: options.closesAt ?? new Date(now + 30 * 86_400_000),
      qualificationIds,
      potId,
    },
    SYSTEM_ACTOR,
  );
}

/** A signed-in, verified applicant with a saved profile. */
export async function applicant(w: World, profile: Partial<ProfileInput> = {}) {
  const user = await w.signedIn('applicant');
  await w.api.app.get(ProfileService).save({ kind: 'session', role: 'applicant', userId: user.id }, goodProfile(profile));
  return user;
}

/** A draft application, with employer support named unless told otherwise. */
export async function draft(w: World, token: string, roundId: string, qualificationId: string, options: { employerSupport?: boolean } = {}) {
  const created = await w.call('POST', '/applications', { token, body: { roundId, qualificationId } });
  if (created.status !== 201) throw new Error(`draft: ${created.status} ${JSON.stringify(created.body)}`);
  if (options.employerSupport !== false) {
    await w.call('PATCH', `/applications/${created.body.id}`, { token, body: { employerSupport: { name: 'Dr Jane Rahman', email: 'jane.rahman@nhs.example' } } });
  }
  return created.body as { id: string; reference: string; status: string };
}

import { randomBytes } from 'node:crypto';
import { financialYearOf } from '@app/budget';
import { SYSTEM_ACTOR } from '@app/identity';
import { QualificationsService } from '@app/intake';
import { applicant, draft, openRound } from '../factories/intake.factory';
import type { World } from './world';

/**
 * A small queue with a known gap, inserted by SQL (practices, role profiles,
 * skills audits) and through the services (applicants, submissions):
 *
 * - North Yorkshire ICB (QWO, region North East and Yorkshire), assistant
 *   practice managers: 5 audits, finance 1,1,2,2,2 (mean 1.6, required 3: gap
 *   1.4) and leadership 3,3,2,2,2 (mean 2.4, required 3: gap 0.6).
 * - Lancashire ICB (QE1, North West), assistant practice managers: 3 audits
 *   (suppressed); with 2 more in the North West without a practice the
 *   region has 5: finance all 1 (gap 2), leadership all 3 (gap 0).
 *
 * Applications (fixed weights from config/workforce.yaml):
 * - yorkshire: NEY, assistant PM, level 3, practice B82005 (QWO): 35 + 25 + 20 = 80;
 *   Finance + leadership qualification. Gap: (1.4 + 0.6) / 2 = 1.0.
 * - southWest: South West, receptionist, level 3, unknown practice: 35 + 25 + 25 = 85; no figures: 0.
 * - lancashire: North West, assistant PM, level 5, practice P81001 (QE1): 20; ICB suppressed,
 *   region used: (2 + 0) / 2 = 1.0.
 * - london: London, practice manager, level 5, no practice: 10; a qualification covering nothing: 0.
 *
 * Queue now: southWest 85, yorkshire 80, lancashire 20, london 10. With 30 points:
 * round(30 x 1.0 / 3) = 10, so yorkshire 90, southWest 85, lancashire 30, london 10.
 */
export async function gapPriorityWorld(w: World) {
  const tag = randomBytes(3).toString('hex');
  await w.db.query(
    `INSERT INTO practice (ods_code, name, icb_code, icb_name, region) VALUES
       ('B82005', 'Example Surgery, York', 'QWO', 'North Yorkshire ICB', 'north_east_and_yorkshire'),
       ('P81001', 'Example Practice, Preston', 'QE1', 'Lancashire ICB', 'north_west')
     ON CONFLICT (ods_code) DO NOTHING`,
  );
  await w.db.query(
    `INSERT INTO workforce_plan_version (kind, version, body, note, created_at)
     VALUES ('role_profiles', (SELECT coalesce(max(version), 0) + 1 FROM workforce_plan_version WHERE kind = 'role_profiles'), $1, 'gap priority test', now())`,
    [{ assistant_practice_manager: { finance: 3, leadership_change: 3 }, practice_manager: { finance: 4, leadership_change: 4 } }],
  );
  const year = financialYearOf(w.clock.now(), w.api.config.programme.financialYearStart).label;
  const audits: [string | null, string, number, number][] = [
    ['B82005', 'north_east_and_yorkshire', 1, 3],
    ['B82005', 'north_east_and_yorkshire', 1, 3],
    ['B82005', 'north_east_and_yorkshire', 2, 2],
    ['B82005', 'north_east_and_yorkshire', 2, 2],
    ['B82005', 'north_east_and_yorkshire', 2, 2],
    ['P81001', 'north_west', 1, 3],
    ['P81001', 'north_west', 1, 3],
    ['P81001', 'north_west', 1, 3],
    [null, 'north_west', 1, 3],
    [null, 'north_west', 1, 3],
  ];
  for (const [i, [ods, region, finance, leadership]] of audits.entries()) {
    const [{ id }] = await w.db.query(`INSERT INTO user_account (email, full_name, role) VALUES ($1, $2, 'applicant') RETURNING id`, [`audit-${tag}-${i}@example.org`, `Audit Person ${i}`]);
    await w.db.query(
      `INSERT INTO skills_audit (user_id, source, audit_year, job_role, region, employer_ods_code, skills, consented_at, submitted_at)
       VALUES ($1, 'audit', $2, 'assistant_practice_manager', $3, $4, $5, now(), now())`,
      [id, year, region, ods, { finance, leadership_change: leadership }],
    );
  }
  const qualifications = w.api.app.get(QualificationsService);
  const covering = await qualifications.create({ title: `Finance and leadership diploma ${tag}`, awardingBody: 'Example Awarding Body', level: 5, durationMonths: 12, isExample: true, competencies: ['leadership_change', 'finance'] }, SYSTEM_ACTOR);
  const plain = await qualifications.create({ title: `General diploma ${tag}`, awardingBody: 'Example Awarding Body', level: 5, durationMonths: 12, isExample: true }, SYSTEM_ACTOR);
  const roundId = (await openRound(w, [covering.id, plain.id])).id;

  async function submitted(qualificationId: string, profile: Parameters<typeof applicant>[1]) {
    const person = await applicant(w, profile);
    // A profile is a skills audit row too; the audit population here is exactly the rows listed above.
    await w.db.query(`DELETE FROM skills_audit WHERE user_id = $1 AND source = 'profile'`, [person.id]);
    const app = await draft(w, person.token, roundId, qualificationId);
    const res = await w.call('POST', `/applications/${app.id}/submit`, { token: person.token });
    if (res.body.status !== 'under_review') throw new Error(`submit: ${JSON.stringify(res.body)}`);
    w.clock.advance({ minutes: 5 });
    return { id: app.id, reference: app.reference, token: person.token };
  }
  const apps = {
    yorkshire: await submitted(covering.id, { region: 'north_east_and_yorkshire', currentRole: 'assistant_practice_manager', highestQualificationLevel: 3, employerOdsCode: 'B82005' }),
    southWest: await submitted(covering.id, { region: 'south_west', currentRole: 'receptionist_or_administrator', highestQualificationLevel: 3, employerOdsCode: 'L81999' }),
    lancashire: await submitted(covering.id, { region: 'north_west', currentRole: 'assistant_practice_manager', highestQualificationLevel: 5, employerOdsCode: 'P81001' }),
    london: await submitted(plain.id, { region: 'london', currentRole: 'practice_manager', highestQualificationLevel: 5, employerOdsCode: 'F84001' }),
  };
  return { apps, roundId, covering, plain, year, addApplicant: (profile: Parameters<typeof applicant>[1]) => submitted(covering.id, profile) };
}

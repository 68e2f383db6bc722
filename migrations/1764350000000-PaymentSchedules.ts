import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPLICATION_STATUSES } from './1764200000000-Intake';

const STATUSES_BEFORE = APPLICATION_STATUSES;
const STATUSES_AFTER = [...APPLICATION_STATUSES, 'not_passed'];
const inList = (xs: string[]) => xs.map((s) => `'${s}'`).join(', ');

/**
 * Payment schedules with milestones, fixed for a learner when they start, and
 * a failed completion that ends the application.
 *
 * - `qualification.payment_schedule`: the ordered stages (start, progress
 *   milestones, pass) and their percents, backfilled from the start and
 *   completion percents it replaces. `start_payment_percent` stays, kept equal
 *   to the start stage (the forecast and the pipeline read it), and
 *   `completion_payment_percent` is what the rest of the schedule pays.
 * - `enrolment.payment_schedule`: the learner's copy, taken at the start with
 *   each stage's amount in pence, so a later change to the qualification
 *   never changes what a started learner's provider is paid. Backfilled for
 *   learners already started, with the amounts their payments were computed with.
 * - `payment_due`: a `milestone` kind naming its milestone; still paid once
 *   per enrolment and stage while not voided.
 * - `enrolment_report.resit_planned`: what a failed completion said.
 * - The application status `not_passed`: a fail with no resit planned.
 */
export class PaymentSchedules1764350000000 implements MigrationInterface {
  name = 'PaymentSchedules1764350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE qualification ADD COLUMN payment_schedule jsonb`);
    await q.query(
      `UPDATE qualification SET payment_schedule = jsonb_build_array(
         jsonb_build_object('on', 'start', 'percent', start_payment_percent),
         jsonb_build_object('on', 'pass', 'percent', completion_payment_percent))`,
    );
    await q.query(`ALTER TABLE qualification ALTER COLUMN payment_schedule SET NOT NULL, ADD CONSTRAINT qualification_payment_schedule_is_list CHECK (jsonb_typeof(payment_schedule) = 'array')`);

    await q.query(`ALTER TABLE enrolment ADD COLUMN payment_schedule jsonb CHECK (payment_schedule IS NULL OR jsonb_typeof(payment_schedule) = 'array')`);
    await q.query(
      `UPDATE enrolment e SET payment_schedule = jsonb_build_array(
         jsonb_build_object('on', 'start', 'percent', q.start_payment_percent, 'amountPence', (q.bursary_pence * q.start_payment_percent) / 100),
         jsonb_build_object('on', 'pass', 'percent', q.completion_payment_percent, 'amountPence', q.bursary_pence - (q.bursary_pence * q.start_payment_percent) / 100))
       FROM application a JOIN qualification q ON q.id = a.qualification_id
       WHERE a.id = e.application_id AND e.start_date IS NOT NULL`,
    );

    await q.query(`ALTER TABLE payment_due DROP CONSTRAINT payment_due_kind_check`);
    await q.query(`ALTER TABLE payment_due ADD CONSTRAINT payment_due_kind_check CHECK (kind IN ('start', 'milestone', 'completion'))`);
    await q.query(`ALTER TABLE payment_due ADD COLUMN milestone text CHECK (milestone IN ('mid_point', 'assessment_passed'))`);
    await q.query(`ALTER TABLE payment_due ADD CONSTRAINT payment_due_milestone_named CHECK ((kind = 'milestone') = (milestone IS NOT NULL))`);
    await q.query(`DROP INDEX payment_due_once`);
    // A start, each milestone and the pass are paid once per enrolment, however often they are reported.
    await q.query(`CREATE UNIQUE INDEX payment_due_once ON payment_due (enrolment_id, kind, coalesce(milestone, '')) WHERE voided_at IS NULL`);

    await q.query(`ALTER TABLE enrolment_report ADD COLUMN resit_planned boolean`);

    await q.query(`ALTER TABLE application DROP CONSTRAINT application_status_check`);
    await q.query(`ALTER TABLE application ADD CONSTRAINT application_status_check CHECK (status IN (${inList(STATUSES_AFTER)}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application DROP CONSTRAINT application_status_check`);
    await q.query(`ALTER TABLE application ADD CONSTRAINT application_status_check CHECK (status IN (${inList(STATUSES_BEFORE)}))`);
    await q.query(`ALTER TABLE enrolment_report DROP COLUMN resit_planned`);
    await q.query(`DROP INDEX payment_due_once`);
    await q.query(`CREATE UNIQUE INDEX payment_due_once ON payment_due (enrolment_id, kind) WHERE voided_at IS NULL`);
    await q.query(`ALTER TABLE payment_due DROP CONSTRAINT payment_due_milestone_named, DROP COLUMN milestone`);
    await q.query(`ALTER TABLE payment_due DROP CONSTRAINT payment_due_kind_check`);
    await q.query(`ALTER TABLE payment_due ADD CONSTRAINT payment_due_kind_check CHECK (kind IN ('start', 'completion'))`);
    await q.query(`ALTER TABLE enrolment DROP COLUMN payment_schedule`);
    await q.query(`ALTER TABLE qualification DROP CONSTRAINT qualification_payment_schedule_is_list, DROP COLUMN payment_schedule`);
  }
}

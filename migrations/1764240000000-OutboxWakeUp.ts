import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox tells the relay when it has new rows: a statement-level trigger
 * calls pg_notify('outbox_pending'), which PostgreSQL delivers at commit (and
 * never for a rolled-back insert), so the relay wakes at once instead of
 * waiting for its next poll. One notification per statement, whatever the
 * number of rows, and the poll still runs if a notification is missed.
 * (PostgreSQL serialises the commits of transactions that notified, briefly,
 * on one queue lock: nothing at this programme's scale of a few thousand
 * messages a day, and a bulk upload is one statement.)
 */
export class OutboxWakeUp1764240000000 implements MigrationInterface {
  name = 'OutboxWakeUp1764240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION outbox_wake_relay() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox_pending', '');
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER outbox_wake_relay AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_wake_relay()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER outbox_wake_relay ON outbox`);
    await q.query(`DROP FUNCTION outbox_wake_relay()`);
  }
}

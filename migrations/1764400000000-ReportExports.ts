import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report exports the worker builds (issue 17): one row per request, from
 * queued to ready (or failed). The file itself is on disk under EXPORT_DIR
 * (`file_name` inside it), not in the database: a 100,000-row workbook is
 * written and read as a stream, never held as one bytea value, and expired
 * files are simply deleted. `filters` is the parsed filters, for the page
 * and the audit; no report data is kept here.
 */
export class ReportExports1764400000000 implements MigrationInterface {
  name = 'ReportExports1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_export (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_key text NOT NULL,
        filters jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(filters) = 'object'),
        format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'ready', 'failed')),
        requested_by uuid REFERENCES user_account(id) ON DELETE SET NULL,
        row_count integer CHECK (row_count IS NULL OR row_count >= 0),
        file_name text,
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        ready_at timestamptz,
        expires_at timestamptz,
        CHECK (status <> 'ready' OR (file_name IS NOT NULL AND row_count IS NOT NULL AND ready_at IS NOT NULL AND expires_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX report_export_requested_by_idx ON report_export (requested_by, created_at DESC)`);
    await q.query(`CREATE INDEX report_export_expires_idx ON report_export (expires_at) WHERE status = 'ready'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_export`);
  }
}

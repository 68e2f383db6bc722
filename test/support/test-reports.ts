import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ReportRegistry, type ReportDefinition, type ReportFilters, type ReportRow } from '@app/reports';

/** The seeded table the small test report reads. */
export const TEST_REPORT_TABLE = 'test_export_row';

export async function seedTestReportTable(db: DataSource, rows: { region: string; name: string; people: number | null }[]): Promise<void> {
  await db.query(`CREATE TABLE IF NOT EXISTS ${TEST_REPORT_TABLE} (seq serial PRIMARY KEY, region text NOT NULL, name text NOT NULL, people integer)`);
  for (const r of rows) await db.query(`INSERT INTO ${TEST_REPORT_TABLE} (region, name, people) VALUES ($1, $2, $3)`, [r.region, r.name, r.people]);
}

/** How many rows the big test report generates. */
export const BIG_REPORT_ROWS = 100_000;

/**
 * Two report definitions for the export tests (and the bench): `test-areas`
 * reads the seeded table (filter: region), `test-big` generates
 * BIG_REPORT_ROWS rows without the database and says how many (countRows),
 * so a page queues its Excel export.
 */
@Injectable()
class TestReports implements OnModuleInit {
  constructor(
    private readonly registry: ReportRegistry,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    const db = this.db;
    const areas: ReportDefinition = {
      key: 'test-areas',
      title: 'Test areas',
      description: 'People by area, from a table the test seeds',
      filters: ['region'],
      columns: [
        { key: 'region', header: 'Region', description: 'The NHS England region code' },
        { key: 'name', header: 'Name', description: 'The area, as written' },
        { key: 'people', header: 'People', description: 'People counted; empty when fewer than 5 (suppressed)' },
      ],
      async *rows(filters: ReportFilters): AsyncIterable<ReportRow> {
        const rows: ReportRow[] = await db.query(`SELECT region, name, people FROM ${TEST_REPORT_TABLE} WHERE ($1::text IS NULL OR region = $1) ORDER BY seq`, [filters.region ?? null]);
        for (const r of rows) yield { region: r.region, name: r.name, people: r.people === null || Number(r.people) < 5 ? null : Number(r.people) };
      },
    };
    const big: ReportDefinition = {
      key: 'test-big',
      title: 'Test big',
      description: 'Generated rows, for the size of an export',
      filters: [],
      columns: [
        { key: 'n', header: 'Number', description: 'The row number, from 1' },
        { key: 'label', header: 'Label', description: 'A label' },
      ],
      rows: () => generatedRows(BIG_REPORT_ROWS),
      countRows: async () => BIG_REPORT_ROWS,
    };
    this.registry.register(areas);
    this.registry.register(big);
  }
}

/** `count` rows generated one at a time (for the constant-memory bench: nothing is held). */
export async function* generatedRows(count: number): AsyncIterable<ReportRow> {
  for (let n = 1; n <= count; n++) yield { n, label: `row ${n}` };
}

@Module({ providers: [TestReports] })
export class TestReportsModule {}

import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@app/config';
import { BudgetModule, financialYear, financialYearOf, ForecastService, PotsService, type FinancialYear, type Forecast } from '@app/budget';
import type { ReportColumn, ReportDefinition, ReportFilters, ReportRow } from '../report-definition';
import { ReportRegistry } from '../report-registry';

/**
 * The money outcome reports: qualified practice managers this financial year
 * against the target (with the forecast and its assumptions), cost per
 * qualification (paid to providers over passes, against the standard
 * bursary), and the budget's use month by month. Each is a ReportDefinition
 * (exports work from it) and a method the API and pages call for the same
 * figures with their summary.
 */

export interface QualifiedMonth extends ReportRow {
  month: string;
  /** 'actual' for months before today's, 'forecast' from today's month on. */
  kind: 'actual' | 'forecast';
  passes: number;
  qualifiedToDate: number;
  target: number;
}

export interface QualifiedReport {
  financialYear: string;
  target: number;
  completedSoFar: number;
  projectedByYearEnd: number;
  shortfall: number;
  onTrack: boolean;
  months: QualifiedMonth[];
  assumptions: string[];
}

export interface CostRow extends ReportRow {
  providerId: string;
  providerName: string;
  qualificationId: string;
  qualificationTitle: string;
  paidPence: number;
  passes: number;
  /** Null with no passes: a cost per qualification cannot be worked out. */
  costPerQualificationPence: number | null;
  standardBursaryPence: number;
  /** Cost per qualification minus the standard bursary (null with no passes). */
  differencePence: number | null;
}

export interface CostReport {
  financialYear: string | null;
  standardBursaryPence: number;
  total: { paidPence: number; passes: number; costPerQualificationPence: number | null; differencePence: number | null };
  rows: CostRow[];
}

export interface BudgetUseMonth extends ReportRow {
  month: string;
  fundedPence: number;
  reservedPence: number;
  committedPence: number;
  fallenDuePence: number;
  paidPence: number;
  availablePence: number;
}

export interface BudgetUseReport {
  financialYear: string;
  months: BudgetUseMonth[];
}

const QUALIFIED_COLUMNS: ReportColumn[] = [
  { key: 'month', header: 'Month', description: 'Calendar month of the financial year (YYYY-MM)' },
  { key: 'kind', header: 'Actual or forecast', description: 'actual: passes reported in months before this one; forecast: expected passes from this month on' },
  { key: 'passes', header: 'Passes', description: 'Learners who passed (qualified) in the month, or the forecast expected number' },
  { key: 'qualifiedToDate', header: 'Qualified to date', description: 'Qualified practice managers in the financial year to the end of the month' },
  { key: 'target', header: 'Target', description: 'Qualified practice managers the programme aims for in the financial year (config/programme.yaml)' },
];
const COST_COLUMNS: ReportColumn[] = [
  { key: 'providerId', header: 'Provider id', description: 'The training provider' },
  { key: 'providerName', header: 'Provider', description: 'The training provider’s name' },
  { key: 'qualificationId', header: 'Qualification id', description: 'The qualification' },
  { key: 'qualificationTitle', header: 'Qualification', description: 'The qualification’s title' },
  { key: 'paidPence', header: 'Paid to providers (pence)', description: 'Money actually sent to the provider (payments in payment runs recorded paid), by the date paid' },
  { key: 'passes', header: 'Passes', description: 'Learners who passed, by the date of completion' },
  { key: 'costPerQualificationPence', header: 'Cost per qualification (pence)', description: 'Paid divided by passes, rounded to the penny; empty with no passes' },
  { key: 'standardBursaryPence', header: 'Standard bursary (pence)', description: 'The standard bursary the cost is compared with (config/programme.yaml)' },
  { key: 'differencePence', header: 'Difference from the bursary (pence)', description: 'Cost per qualification minus the standard bursary; empty with no passes' },
];
const USE_COLUMNS: ReportColumn[] = [
  { key: 'month', header: 'Month', description: 'Calendar month (YYYY-MM, UK time); balances at its end' },
  { key: 'fundedPence', header: 'Funded (pence)', description: 'Money put into the year’s pots, net of transfers' },
  { key: 'reservedPence', header: 'Reserved (pence)', description: 'Held for offers not yet started' },
  { key: 'committedPence', header: 'Committed (pence)', description: 'Held for started learners, not yet fallen due' },
  { key: 'fallenDuePence', header: 'Fallen due (pence)', description: 'Payments to providers that have fallen due so far (paid or not yet sent)' },
  { key: 'paidPence', header: 'Paid (pence)', description: 'Of what has fallen due, money sent to providers in payment runs recorded paid, by the date paid' },
  { key: 'availablePence', header: 'Available (pence)', description: 'Money in the pots nobody holds' },
];

/** The money reports' figures, for the API, the pages and the exports alike. */
@Injectable()
export class OutcomeMoneyReports implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly forecasts: ForecastService,
    private readonly pots: PotsService,
    private readonly registry: ReportRegistry,
  ) {}

  onModuleInit(): void {
    for (const def of this.definitions()) this.registry.register(def);
  }

  /** The three reports as definitions for the registry (exports). */
  definitions(): ReportDefinition[] {
    const rows = <T extends ReportRow>(load: () => Promise<T[]>) =>
      async function* () {
        for (const row of await load()) yield row;
      };
    return [
      {
        key: 'qualified',
        path: '/admin/reports/qualified',
        title: 'Qualified practice managers against the target',
        description: 'Passes this financial year month by month, actual to date and forecast from the live pipeline to the year end, against the annual target',
        filters: ['financialYear'],
        columns: QUALIFIED_COLUMNS,
        rows: (f) => rows(async () => (await this.qualified(f)).months)(),
      },
      {
        key: 'cost-per-qualification',
        path: '/admin/reports/cost-per-qualification',
        title: 'Cost per qualification',
        description: 'Money paid to providers divided by passes, by provider and qualification, against the standard bursary',
        filters: ['financialYear', 'providerId', 'qualificationId'],
        columns: COST_COLUMNS,
        rows: (f) => rows(async () => (await this.costPerQualification(f)).rows)(),
      },
      {
        key: 'budget-use',
        path: '/admin/reports/budget-use',
        title: 'Budget use over time',
        description: 'The financial year’s pots at the end of each month: funded, reserved, committed, fallen due, paid and available',
        filters: ['financialYear'],
        columns: USE_COLUMNS,
        rows: (f) => rows(async () => (await this.budgetUse(f)).months)(),
      },
    ];
  }

  /**
   * Qualified practice managers in the financial year (default: the current
   * one): passes reported in each month before this one, and from this month
   * on the forecast's expected passes, with its stated assumptions.
   */
  async qualified(filters: ReportFilters): Promise<QualifiedReport> {
    const year = this.year(filters);
    const now = this.clock.now();
    const today = now.toISOString().slice(0, 10);
    const forecast: Forecast = await this.forecasts.forecast({ financialYear: year.label, now });
    const currentMonth = today.slice(0, 7);
    const actual: { month: string; passes: number }[] = await this.dataSource.query(
      `SELECT to_char(t.at AT TIME ZONE 'Europe/London', 'YYYY-MM') AS month, count(DISTINCT a.id)::int AS passes
       FROM application a JOIN application_transition t ON t.application_id = a.id AND t.to_status = 'completed'
       -- The UK days $1 to $2 as a range of times, so the completions' partial index (migration 1764472000000) finds them.
       WHERE a.status = 'completed' AND t.at >= ($1::date)::timestamp AT TIME ZONE 'Europe/London' AND t.at < ($2::date + 1)::timestamp AT TIME ZONE 'Europe/London' AND t.at <= $3
       GROUP BY 1`,
      [year.startsOn, year.endsOn, now],
    );
    const byMonth = new Map(actual.map((r) => [r.month, r.passes]));
    const target = this.config.programme.annualQualifiedTarget;
    const months: QualifiedMonth[] = [];
    let toDate = 0;
    for (const month of yearMonths(year)) {
      if (month < currentMonth || forecast.months.length === 0) {
        if (month > currentMonth) break;
        const passes = byMonth.get(month) ?? 0;
        toDate += passes;
        months.push({ month, kind: 'actual', passes, qualifiedToDate: toDate, target });
      }
    }
    const completedSoFar = toDate;
    // The forecast's own count of completions so far (this month's included) starts its months; its months carry on from there.
    for (const m of forecast.months) {
      months.push({ month: m.month, kind: 'forecast', passes: m.completions, qualifiedToDate: Math.max(toDate, m.qualifiedToDate), target });
    }
    const projectedByYearEnd = forecast.months.length ? forecast.qualified.projectedByYearEnd : completedSoFar;
    return {
      financialYear: year.label,
      target,
      completedSoFar: forecast.months.length ? forecast.qualified.completedSoFar : completedSoFar,
      projectedByYearEnd,
      shortfall: Math.max(0, target - projectedByYearEnd),
      onTrack: projectedByYearEnd >= target,
      months,
      assumptions: forecast.months.length ? forecast.assumptions : ['The financial year has ended: every figure is an actual.'],
    };
  }

  /**
   * Paid to providers (money sent: payment runs recorded paid) divided by
   * passes, by provider and qualification, in the financial year (by the
   * date paid and the date of completion) or over all time without one.
   */
  async costPerQualification(filters: ReportFilters): Promise<CostReport> {
    const year = filters.financialYear ? financialYear(filters.financialYear, this.config.programme.financialYearStart) : null;
    const bursary = this.config.programme.standardBursaryPence;
    const rows: { provider_id: string; provider_name: string; qualification_id: string; qualification_title: string; paid: string; passes: number }[] = await this.dataSource.query(
      `WITH paid AS (
         SELECT p.provider_id, c.qualification_id, sum(p.amount_pence) AS paid
         FROM payment_due p JOIN enrolment e ON e.id = p.enrolment_id JOIN cohort c ON c.id = e.cohort_id
         WHERE p.voided_at IS NULL AND p.paid_at IS NOT NULL
           AND ($1::date IS NULL OR (p.paid_at AT TIME ZONE 'Europe/London')::date BETWEEN $1::date AND $2::date)
         GROUP BY 1, 2
       ), passed AS (
         SELECT e.provider_id, c.qualification_id, count(*)::int AS passes
         FROM enrolment e JOIN cohort c ON c.id = e.cohort_id
         WHERE e.status = 'completed' AND e.outcome = 'passed' AND ($1::date IS NULL OR e.completed_on BETWEEN $1::date AND $2::date)
         GROUP BY 1, 2
       )
       SELECT k.provider_id, tp.name AS provider_name, k.qualification_id, q.title AS qualification_title,
              coalesce(paid.paid, 0)::text AS paid, coalesce(passed.passes, 0)::int AS passes
       FROM (SELECT provider_id, qualification_id FROM paid UNION SELECT provider_id, qualification_id FROM passed) k
       JOIN training_provider tp ON tp.id = k.provider_id JOIN qualification q ON q.id = k.qualification_id
       LEFT JOIN paid ON paid.provider_id = k.provider_id AND paid.qualification_id = k.qualification_id
       LEFT JOIN passed ON passed.provider_id = k.provider_id AND passed.qualification_id = k.qualification_id
       WHERE ($3::uuid IS NULL OR k.provider_id = $3) AND ($4::uuid IS NULL OR k.qualification_id = $4)
       ORDER BY tp.name, q.title, k.provider_id, k.qualification_id`,
      [year?.startsOn ?? null, year?.endsOn ?? null, filters.providerId ?? null, filters.qualificationId ?? null],
    );
    const cost = (paid: number, passes: number) => (passes > 0 ? Math.round(paid / passes) : null);
    const out: CostRow[] = rows.map((r) => {
      const paidPence = Number(r.paid);
      const each = cost(paidPence, r.passes);
      return {
        providerId: r.provider_id,
        providerName: r.provider_name,
        qualificationId: r.qualification_id,
        qualificationTitle: r.qualification_title,
        paidPence,
        passes: r.passes,
        costPerQualificationPence: each,
        standardBursaryPence: bursary,
        differencePence: each === null ? null : each - bursary,
      };
    });
    const paidPence = out.reduce((s, r) => s + r.paidPence, 0);
    const passes = out.reduce((s, r) => s + r.passes, 0);
    const each = cost(paidPence, passes);
    return { financialYear: year?.label ?? null, standardBursaryPence: bursary, total: { paidPence, passes, costPerQualificationPence: each, differencePence: each === null ? null : each - bursary }, rows: out };
  }

  /**
   * The financial year's pots (default: the current year) at the end of each
   * month from their first entry to this month or the year end: the ledger's
   * balances (PotsService.usageByMonth, from the monthly totals the ledger
   * keeps, summed over the pots) and the money sent.
   */
  async budgetUse(filters: ReportFilters): Promise<BudgetUseReport> {
    const year = this.year(filters);
    const pots: { id: string }[] = await this.dataSource.query(`SELECT id FROM budget_pot WHERE financial_year = $1 ORDER BY id`, [year.label]);
    const byPot = await this.pots.usageByMonth(pots.map((p) => p.id));
    const series = pots.map((p) => byPot.get(p.id) ?? []);
    const paid: { month: string; paid: string }[] = await this.dataSource.query(
      `SELECT to_char(p.paid_at AT TIME ZONE 'Europe/London', 'YYYY-MM') AS month, sum(p.amount_pence)::text AS paid
       FROM payment_due p JOIN budget_ledger_entry le ON le.id = p.ledger_entry_id
       WHERE p.voided_at IS NULL AND p.paid_at IS NOT NULL AND le.pot_id = ANY($1::uuid[]) GROUP BY 1`,
      [pots.map((p) => p.id)],
    );
    const first = [...series.flat().map((p) => p.period), ...paid.map((p) => p.month)].sort()[0];
    if (!first) return { financialYear: year.label, months: [] };
    const last = [this.clock.now().toISOString().slice(0, 7), year.endsOn.slice(0, 7)].sort()[0];
    const months: BudgetUseMonth[] = [];
    const at = series.map(() => 0);
    let sent = 0;
    const paidBy = new Map(paid.map((p) => [p.month, Number(p.paid)]));
    for (const month of monthsBetween(first, last > first ? last : first)) {
      const row: BudgetUseMonth = { month, fundedPence: 0, reservedPence: 0, committedPence: 0, fallenDuePence: 0, paidPence: 0, availablePence: 0 };
      series.forEach((points, i) => {
        while (at[i] < points.length && points[at[i]].period <= month) at[i]++;
        const p = points[at[i] - 1];
        if (!p) return;
        row.fundedPence += p.fundedPence;
        row.reservedPence += p.reservedPence;
        row.committedPence += p.committedPence;
        row.fallenDuePence += p.fallenDuePence;
        row.availablePence += p.availablePence;
      });
      sent += paidBy.get(month) ?? 0;
      row.paidPence = sent;
      months.push(row);
    }
    return { financialYear: year.label, months };
  }

  private year(filters: ReportFilters): FinancialYear {
    const start = this.config.programme.financialYearStart;
    return filters.financialYear ? financialYear(filters.financialYear, start) : financialYearOf(this.clock.now(), start);
  }
}

/** Registers the money reports; imported by the API beside the other outcome reports. */
@Module({
  imports: [BudgetModule],
  providers: [OutcomeMoneyReports],
  exports: [OutcomeMoneyReports],
})
export class OutcomeMoneyReportsModule {}

function yearMonths(year: FinancialYear): string[] {
  return monthsBetween(year.startsOn.slice(0, 7), year.endsOn.slice(0, 7));
}

/** YYYY-MM from `first` to `last`, inclusive. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number);
  for (let label = first; label <= last; ) {
    out.push(label);
    m = m === 12 ? 1 : m + 1;
    if (m === 1) y++;
    label = `${y}-${String(m).padStart(2, '0')}`;
  }
  return out;
}

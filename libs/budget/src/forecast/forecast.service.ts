import { Inject, Injectable, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@app/config';
import { financialYear, financialYearOf, penceOf } from '../money';
import { sentByPot } from '../payments/paid';
import { forecast, type Forecast } from './forecast';
import { PipelineSource } from './pipeline-source';

/**
 * Gathers what the forecast needs (the year's pots from the ledger, the
 * pipeline from whichever module provides PipelineSource, the programme's
 * facts) and runs the pure projection.
 */
@Injectable()
export class ForecastService {
  private pipeline: PipelineSource | null | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
    private readonly clock: Clock,
    // A source visible to this module (from a global module) is used first.
    @Optional() @Inject(PipelineSource) injected?: PipelineSource,
  ) {
    if (injected) this.pipeline = injected;
  }

  /** The projection for `financialYear` (default: the current one) as of `now`. */
  async forecast(options: { financialYear?: string; now?: Date } = {}): Promise<Forecast> {
    const now = options.now ?? this.clock.now();
    const start = this.config.programme.financialYearStart;
    const year = options.financialYear ? financialYear(options.financialYear, start) : financialYearOf(now, start);
    const [money] = await this.dataSource.query(
      `SELECT coalesce(sum(available_pence), 0)::text AS available, coalesce(sum(reserved_pence), 0)::text AS reserved,
              coalesce(sum(committed_pence), 0)::text AS committed, coalesce(sum(paid_pence), 0)::text AS paid, array_agg(id) AS ids
       FROM budget_pot WHERE financial_year = $1`,
      [year.label],
    );
    const sent = [...(await sentByPot(this.dataSource.manager, money.ids ?? [])).values()].reduce((sum, p) => sum + p, 0);
    const source = this.source();
    return forecast({
      asOf: now.toISOString().slice(0, 10),
      year,
      money: { availablePence: penceOf(money.available), reservedPence: penceOf(money.reserved), committedPence: penceOf(money.committed), fallenDuePence: penceOf(money.paid), paidPence: sent },
      bursaryPence: this.config.programme.standardBursaryPence,
      annualQualifiedTarget: this.config.programme.annualQualifiedTarget,
      pipeline: source ? await source.snapshot(year) : null,
    });
  }

  /** The budget may not import the lib that knows applications (intake), so otherwise the port is looked up wherever it is provided. */
  private source(): PipelineSource | null {
    if (this.pipeline === undefined) {
      try {
        this.pipeline = this.moduleRef.get(PipelineSource, { strict: false }) ?? null;
      } catch {
        this.pipeline = null;
      }
    }
    return this.pipeline ?? null;
  }
}

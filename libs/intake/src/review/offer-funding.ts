import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { BudgetService, PotsService } from '@app/budget';
import { SYSTEM_ACTOR, type Actor } from '@app/identity';
import { IntakeError } from '../intake.error';

export interface FundingRequest {
  applicationId: string;
  roundId: string;
  potId: string | null;
  amountPence: number;
  actor: Actor;
}

/** The money beside a decision: the pot now, after this approval, and how many approvals of this bursary it can still fund. */
export interface MoneyAtDecision {
  potId: string;
  potName: string;
  availablePence: number;
  bursaryPence: number;
  /** Available after approving; the same as now when the pot cannot cover it (approval waitlists it instead). */
  afterPence: number;
  fundableCount: number;
  /** Whether approving now makes an offer (false: it waitlists for insufficient funds). */
  fundable: boolean;
}

/** The money arithmetic, on its own. */
export function moneyAfter(m: { potId: string; potName: string; availablePence: number; bursaryPence: number }): MoneyAtDecision {
  const fundable = m.bursaryPence <= m.availablePence;
  return {
    ...m,
    afterPence: fundable ? m.availablePence - m.bursaryPence : m.availablePence,
    fundableCount: m.bursaryPence > 0 ? Math.floor(m.availablePence / m.bursaryPence) : 0,
    fundable,
  };
}

/**
 * Where approving an application meets money: the bursary is reserved in
 * the round's pot in the same transaction as the offer, or the pot cannot
 * cover it and the application waits for money.
 */
@Injectable()
export class OfferFunding {
  constructor(
    private readonly budget: BudgetService,
    private readonly pots: PotsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * What approving this application would do to the money, read now and
   * changing nothing: the round's pot's available balance, what it would be
   * after reserving this qualification's bursary, and how many such
   * bursaries the pot can still fund. Null when the round has no pot.
   */
  async moneyAtDecision(applicationId: string): Promise<MoneyAtDecision | null> {
    const [row] = await this.dataSource.query(
      `SELECT q.bursary_pence, r.pot_id FROM application a JOIN qualification q ON q.id = a.qualification_id JOIN funding_round r ON r.id = a.round_id WHERE a.id = $1`,
      [applicationId],
    );
    if (!row) throw new IntakeError('application_not_found', 'No application with that id');
    if (!row.pot_id) return null;
    const pot = await this.pots.get(row.pot_id);
    return moneyAfter({ potId: pot.id, potName: pot.name, availablePence: pot.closedAt ? 0 : pot.availablePence, bursaryPence: Number(row.bursary_pence) });
  }

  /** Each pot's available balance now (a closed pot funds nothing) and its name, for previewing many decisions. */
  async available(potIds: string[]): Promise<{ available: Map<string, number>; names: Record<string, string> }> {
    const available = new Map<string, number>();
    const names: Record<string, string> = {};
    for (const id of new Set(potIds)) {
      const pot = await this.pots.get(id);
      available.set(id, pot.closedAt ? 0 : pot.availablePence);
      names[id] = pot.name;
    }
    return { available, names };
  }

  /** Reserves the bursary inside `manager`'s transaction; `reserved: false` when the pot cannot cover it. */
  async reserve(manager: EntityManager, request: FundingRequest): Promise<{ reserved: boolean }> {
    if (!request.potId) throw new IntakeError('funding_unavailable', 'This round has no budget pot, so no offer can be made: set the round’s pot first');
    const result = await this.budget.reserve(manager, { potId: request.potId, applicationId: request.applicationId, amountPence: request.amountPence, actor: request.actor });
    return { reserved: result.reserved };
  }

  /** Gives back what an application holds reserved (declined, expired, withdrawn); the pot it went back to, or null. */
  async release(manager: EntityManager, applicationId: string, reason: string, actor: Actor | null): Promise<{ releasedPence: number; potId: string } | null> {
    return this.budget.release(manager, { applicationId, reason, actor: actor ?? SYSTEM_ACTOR });
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BudgetService } from '@app/budget';
import { SYSTEM_ACTOR, type Actor } from '@app/identity';
import { IntakeError } from '../intake.error';

export interface FundingRequest {
  applicationId: string;
  roundId: string;
  potId: string | null;
  amountPence: number;
  actor: Actor;
}

/**
 * Where approving an application meets money: the bursary is reserved in
 * the round's pot in the same transaction as the offer, or the pot cannot
 * cover it and the application waits for money.
 */
@Injectable()
export class OfferFunding {
  constructor(private readonly budget: BudgetService) {}

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

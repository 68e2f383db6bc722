import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@app/identity';
import { IntakeError } from '../intake.error';

export interface FundingRequest {
  applicationId: string;
  roundId: string;
  potId: string | null;
  amountPence: number;
  actor: Actor;
}

/**
 * Where approving an application meets money: reserve the bursary in the
 * same transaction as the offer, or report that the pot cannot cover it.
 * The budget lib (issue 6) provides the real implementation; until then
 * approval is refused with a clear 503 rather than offering money nobody holds.
 */
export abstract class OfferFunding {
  /** Reserves the bursary inside `manager`'s transaction; `reserved: false` when the pot cannot cover it. */
  abstract reserve(manager: EntityManager, request: FundingRequest): Promise<{ reserved: boolean }>;
}

@Injectable()
export class BudgetNotConnected extends OfferFunding {
  async reserve(): Promise<{ reserved: boolean }> {
    throw new IntakeError('funding_unavailable', 'Offers cannot be made yet: the programme budget is not connected');
  }
}

import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/config';
import { SYSTEM_ACTOR, type Actor } from '@app/identity';
import { OutboxService, TOPIC } from '@app/notifications';
import { moveApplication } from '../applications/transitions';
import { OfferFunding } from './offer-funding';

/**
 * Whenever money is released, the best-scored waitlisted applications of
 * that round are offered in order while the pot can cover them, each told
 * by email. Runs inside the transaction that released the money.
 */
@Injectable()
export class WaitingList {
  private readonly logger = new Logger(WaitingList.name);

  constructor(
    private readonly funding: OfferFunding,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /** Offers waitlisted applications of `roundId` in priority order until one cannot be funded; returns how many. */
  async promote(manager: EntityManager, roundId: string, actor: Actor | null): Promise<number> {
    const waiting: { id: string; applicant_id: string; reference: string; bursary_pence: number; pot_id: string | null }[] = await manager.query(
      `SELECT a.id, a.applicant_id, a.reference, q.bursary_pence, r.pot_id
       FROM application a JOIN qualification q ON q.id = a.qualification_id JOIN funding_round r ON r.id = a.round_id
       WHERE a.round_id = $1 AND a.status = 'waitlisted' AND a.held_at IS NULL
       ORDER BY a.priority_score DESC NULLS LAST, a.submitted_at, a.id
       LIMIT 200
       FOR UPDATE OF a SKIP LOCKED`,
      [roundId],
    );
    let offered = 0;
    for (const app of waiting) {
      if (!app.pot_id) break;
      const { reserved } = await this.funding.reserve(manager, { applicationId: app.id, roundId, potId: app.pot_id, amountPence: app.bursary_pence, actor: actor ?? SYSTEM_ACTOR });
      // Strict priority order: if the best-placed cannot be funded, nobody behind them jumps the queue.
      if (!reserved) break;
      await moveApplication(manager, { id: app.id, status: 'waitlisted' }, 'offered', 'system', null, { code: 'promoted_from_waiting_list' }, this.clock.now());
      await this.outbox.add(manager, { topic: TOPIC.promoted, recipientUserId: app.applicant_id, data: { applicationId: app.id, reference: app.reference, amountPence: app.bursary_pence, promoted: true } });
      offered++;
    }
    if (offered) this.logger.log({ roundId, offered }, 'Offered waitlisted applications as money was released');
    return offered;
  }
}

import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { WaitingListPort } from '@app/budget';
import { Clock } from '@app/config';
import { SYSTEM_ACTOR, type Actor } from '@app/identity';
import { OutboxService, TOPIC } from '@app/notifications';
import { moveApplication } from '../applications/transitions';
import { OfferFunding } from './offer-funding';

/** Waitlisted applications read at a time; the loop goes on until one cannot be funded. */
const BATCH = 200;

/**
 * Whenever money becomes available in a pot (libs/budget calls this through
 * FreedMoney on every such path), the best-scored waitlisted applications of
 * the rounds that pot funds are offered in order while it can cover them,
 * each told by email. Runs inside the transaction that freed the money.
 */
@Injectable()
export class WaitingList extends WaitingListPort {
  private readonly logger = new Logger(WaitingList.name);

  constructor(
    private readonly funding: OfferFunding,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {
    super();
  }

  /** Offers waitlisted applications funded by each of `potIds` in priority order until the next cannot be funded; returns how many. */
  async offer(manager: EntityManager, potIds: string[], actor: Actor | null): Promise<number> {
    let offered = 0;
    for (const potId of [...new Set(potIds)].sort()) offered += await this.offerFrom(manager, potId, actor);
    return offered;
  }

  private async offerFrom(manager: EntityManager, potId: string, actor: Actor | null): Promise<number> {
    const [pot] = await manager.query(`SELECT closed_at IS NOT NULL AS closed FROM budget_pot WHERE id = $1`, [potId]);
    // A closed pot funds nothing: its money waits for a transfer into an open one (which offers it then).
    if (!pot || pot.closed) return 0;
    let offered = 0;
    for (;;) {
      const waiting: { id: string; applicant_id: string; reference: string; round_id: string; bursary_pence: number }[] = await manager.query(
        `SELECT a.id, a.applicant_id, a.reference, a.round_id, q.bursary_pence
         FROM application a JOIN qualification q ON q.id = a.qualification_id JOIN funding_round r ON r.id = a.round_id
         WHERE r.pot_id = $1 AND a.status = 'waitlisted' AND a.held_at IS NULL
         ORDER BY a.priority_score DESC NULLS LAST, a.submitted_at, a.id
         LIMIT ${BATCH}
         FOR UPDATE OF a SKIP LOCKED`,
        [potId],
      );
      let batch = 0;
      for (const app of waiting) {
        const { reserved } = await this.funding.reserve(manager, { applicationId: app.id, roundId: app.round_id, potId, amountPence: app.bursary_pence, actor: actor ?? SYSTEM_ACTOR });
        // Strict priority order: if the best-placed cannot be funded, nobody behind them jumps the queue.
        if (!reserved) {
          this.logged(potId, offered + batch);
          return offered + batch;
        }
        await moveApplication(manager, { id: app.id, status: 'waitlisted' }, 'offered', 'system', null, { code: 'promoted_from_waiting_list' }, this.clock.now());
        await this.outbox.add(manager, { topic: TOPIC.promoted, recipientUserId: app.applicant_id, data: { applicationId: app.id, reference: app.reference, amountPence: app.bursary_pence, promoted: true } });
        batch++;
      }
      offered += batch;
      if (waiting.length < BATCH) break;
    }
    this.logged(potId, offered);
    return offered;
  }

  private logged(potId: string, offered: number): void {
    if (offered) this.logger.log({ potId, offered }, 'Offered waitlisted applications as money became available');
  }
}

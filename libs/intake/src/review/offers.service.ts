import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@app/config';
import { OutboxService, TOPIC } from '@app/notifications';
import { ApplicationsService } from '../applications/applications.service';
import { moveApplication } from '../applications/transitions';
import { offerExpiryCutoff } from './offer-expiry';

/**
 * Offers not accepted within the configured days (default 14) expire: the
 * money goes back to the pot and on to the round's waiting list. Run by a
 * scheduled job in the worker; safe with several workers (rows are claimed
 * with SKIP LOCKED, one transaction each).
 */
@Injectable()
export class OffersService {
  private readonly logger = new Logger(OffersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly applications: ApplicationsService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /** Expires every offer past its time by the Clock; returns how many. */
  async expireDue(limit = 500): Promise<number> {
    let expired = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (manager) => {
        const now = this.clock.now();
        const [due] = await manager.query(
          `SELECT a.id, a.round_id, a.applicant_id, a.reference FROM application a
           WHERE a.status = 'offered'
             AND (SELECT max(t.at) FROM application_transition t WHERE t.application_id = a.id AND t.to_status = 'offered') < $1
           LIMIT 1 FOR UPDATE OF a SKIP LOCKED`,
          [offerExpiryCutoff(now, this.config.programme.offerExpiryDays)],
        );
        if (!due) return false;
        await moveApplication(manager, { id: due.id, status: 'offered' }, 'expired', 'system', null, { code: 'offer_not_accepted_in_time' }, now);
        await this.outbox.add(manager, { topic: TOPIC.offerExpired, recipientUserId: due.applicant_id, data: { applicationId: due.id, reference: due.reference } });
        await this.applications.releaseAndPromote(manager, { id: due.id, roundId: due.round_id }, 'offer expired', null);
        return true;
      });
      if (!done || ++expired >= limit) break;
    }
    if (expired) this.logger.log({ expired }, 'Expired offers');
    return expired;
  }
}

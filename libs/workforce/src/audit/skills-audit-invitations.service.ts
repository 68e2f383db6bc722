import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '@app/config';
import { TOPIC } from '@app/notifications';
import { SkillsAuditService } from './skills-audit.service';

const BATCH = 1_000;

/**
 * The yearly invitation to update the skills audit: each person whose newest
 * self-assessment is from an earlier audit year gets one email a year, through
 * the outbox. Who was invited in which year is kept in skills_audit_invitation,
 * written in the same statement as the outbox rows, so a rerun, a second
 * worker or a retried job never invites anyone twice in a year. Whether the
 * email goes is decided at send time by the person's email settings.
 */
@Injectable()
export class SkillsAuditInvitationsService {
  private readonly logger = new Logger(SkillsAuditInvitationsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audits: SkillsAuditService,
    private readonly clock: Clock,
  ) {}

  /** Invites everyone due in the current audit year (up to 1,000 a run); returns how many. */
  async inviteDue(now = this.clock.now()): Promise<number> {
    const year = this.audits.auditYearOf(now);
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH newest AS (
         SELECT DISTINCT ON (sa.user_id) sa.user_id, sa.audit_year
         FROM skills_audit sa ORDER BY sa.user_id, sa.submitted_at DESC
       ), due AS (
         SELECT n.user_id, n.audit_year AS last_year FROM newest n
         JOIN user_account u ON u.id = n.user_id AND u.disabled_at IS NULL
         WHERE n.audit_year < $1
           AND NOT EXISTS (SELECT 1 FROM skills_audit_invitation i WHERE i.user_id = n.user_id AND i.audit_year = $1)
         ORDER BY n.user_id LIMIT ${BATCH}
       ), marked AS (
         INSERT INTO skills_audit_invitation (user_id, audit_year, invited_at) SELECT user_id, $1, $3 FROM due
         ON CONFLICT DO NOTHING RETURNING user_id
       )
       INSERT INTO outbox (topic, recipient_user_id, data)
       SELECT $2, d.user_id, jsonb_build_object('auditYear', $1::text, 'lastAuditYear', d.last_year)
       FROM due d JOIN marked m ON m.user_id = d.user_id
       RETURNING id`,
      [year, TOPIC.skillsAuditInvitation, now],
    );
    if (rows.length) this.logger.log({ auditYear: year, invited: rows.length }, 'Invited people to update their skills audit');
    return rows.length;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface NotificationPreferences {
  /** Reminders: an unfinished draft, an offer about to expire, overdue progress reports. */
  reminders: boolean;
  /** The daily digest of work waiting (staff). */
  digests: boolean;
  /** The yearly invitation to update the skills audit. */
  skillsAuditInvitations: boolean;
}

/** How a provider user hears about newly placed learners: an email for each (the default), or one a day listing them. */
export type PlacedLearnerEmails = 'each' | 'daily';

export const PLACED_LEARNER_EMAILS: readonly PlacedLearnerEmails[] = ['each', 'daily'];

/**
 * What each person has chosen to receive. Reminders, digests and the
 * skills audit invitation can be turned off; security messages and decisions always go. Checked at send
 * time, so a change applies to messages already waiting.
 */
@Injectable()
export class NotificationPreferencesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The person's choices (everything on until they change it). */
  async get(userId: string): Promise<NotificationPreferences> {
    const [row] = await this.dataSource.query(`SELECT reminders, digests, skills_audit_invitations FROM notification_preference WHERE user_id = $1`, [userId]);
    return { reminders: row?.reminders ?? true, digests: row?.digests ?? true, skillsAuditInvitations: row?.skills_audit_invitations ?? true };
  }

  /**
   * Changes some of the person's choices (and, for a provider user, how they hear about new learners, from the
   * next placement on: learners already waiting for a summary still get it) in one statement; returns the three choices.
   */
  async update(userId: string, changes: Partial<NotificationPreferences> & { placedLearners?: PlacedLearnerEmails }): Promise<NotificationPreferences> {
    const [row] = await this.dataSource.query(
      `INSERT INTO notification_preference (user_id, reminders, digests, skills_audit_invitations, placed_learners)
       VALUES ($1, coalesce($2, true), coalesce($3, true), coalesce($4, true), coalesce($5, 'each'))
       ON CONFLICT (user_id) DO UPDATE SET reminders = coalesce($2, notification_preference.reminders), digests = coalesce($3, notification_preference.digests),
         skills_audit_invitations = coalesce($4, notification_preference.skills_audit_invitations),
         placed_learners = coalesce($5, notification_preference.placed_learners), updated_at = now()
       RETURNING reminders, digests, skills_audit_invitations`,
      [userId, changes.reminders ?? null, changes.digests ?? null, changes.skillsAuditInvitations ?? null, changes.placedLearners ?? null],
    );
    return { reminders: row.reminders, digests: row.digests, skillsAuditInvitations: row.skills_audit_invitations };
  }

  /** How the provider user hears about newly placed learners ('each' until they choose). */
  async placedLearnerEmails(userId: string): Promise<PlacedLearnerEmails> {
    const [row] = await this.dataSource.query(`SELECT placed_learners FROM notification_preference WHERE user_id = $1`, [userId]);
    return row?.placed_learners ?? 'each';
  }
}

/**
 * "Tell me when a round opens": anyone may leave an email address; when a
 * round is open, the reminders job tells each sign-up once, and the sign-up
 * is then spent (they ask again for a later round).
 */
@Injectable()
export class RoundSubscriptionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records the address unless it is already waiting; says nothing either way (no account discovery). */
  async subscribe(email: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO round_subscription (email) VALUES ($1) ON CONFLICT (email) WHERE notified_at IS NULL DO NOTHING`,
      [email.trim()],
    );
  }
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../roles';

@Entity('user_account')
export class UserAccount {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('citext') email: string;
  @Column('text') fullName: string;
  @Column('text') role: Role;
  @Column('uuid', { nullable: true }) providerId: string | null;
  /** argon2id; null until an invited user sets a password. */
  @Column('text', { nullable: true }) passwordHash: string | null;
  @Column('timestamptz', { nullable: true }) emailVerifiedAt: Date | null;
  /** The TOTP secret, sealed with SecretBox. */
  @Column('text', { nullable: true }) mfaSecretSealed: string | null;
  @Column('timestamptz', { nullable: true }) mfaEnabledAt: Date | null;
  /** A new TOTP secret waiting for its first code; the account signs in with the old one until then. */
  @Column('text', { nullable: true }) mfaPendingSecretSealed: string | null;
  /** The session that began the pending set-up, and when: only it may confirm, within MFA_SETUP_MINUTES. */
  @Column('uuid', { nullable: true }) mfaPendingSessionId: string | null;
  @Column('timestamptz', { nullable: true }) mfaPendingAt: Date | null;
  /** The last TOTP time step accepted: a code from it or earlier is refused (no replay). */
  @Column('bigint', { nullable: true }) mfaLastStep: string | null;
  @Column('timestamptz', { nullable: true }) disabledAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

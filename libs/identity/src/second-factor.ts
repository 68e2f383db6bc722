import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { hashToken, SecretBox } from '@app/crypto';
import { rowsOf } from '@app/database';
import type { UserAccount } from './entities/user-account.entity';
import { newRecoveryCodes, normaliseRecoveryCode, Totp } from './mfa';

/** How long a begun two-factor set-up waits for its first code (it is begun again after that). */
export const MFA_SETUP_MINUTES = 15;

/** What a person offers as their second factor: a code from the app, or one of their recovery codes. */
export interface SecondFactorProof {
  otp?: string;
  recoveryCode?: string;
}

/**
 * The second factor of an account: checking a proof (and spending it, so a
 * code or recovery code works once), and the enrolment of a new secret,
 * which waits beside the old one until its first code confirms it.
 */
@Injectable()
export class SecondFactors {
  private readonly box: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.box = new SecretBox(config.sessionSecret);
  }

  /**
   * True if `proof` is a current code, or an unused recovery code, of the
   * account's confirmed secret, and spends it: the code's time step becomes
   * the last one used (a guarded update, so two requests racing with the same
   * code cannot both pass) or the recovery code is marked used. A code, when
   * given, is the proof; a recovery code counts only in its place.
   */
  async spend(user: UserAccount, proof: SecondFactorProof, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    if (!user.mfaEnabledAt || !user.mfaSecretSealed) return false;
    if (proof.otp) {
      const step = await Totp.check(this.box.open(user.mfaSecretSealed), proof.otp, user.mfaLastStep === null ? null : Number(user.mfaLastStep));
      return step !== null && (await this.useStep(manager, user.id, step));
    }
    if (proof.recoveryCode) {
      const rows = rowsOf(
        await manager.query(
          `UPDATE mfa_recovery_code SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND active AND used_at IS NULL RETURNING id`,
          [user.id, hashToken(normaliseRecoveryCode(proof.recoveryCode))],
        ),
      );
      return rows.length > 0;
    }
    return false;
  }

  /**
   * Starts an enrolment: a new secret and ten recovery codes, kept pending.
   * The account goes on signing in with its current secret (if any) until
   * `confirm` is given a code from the new one.
   */
  async begin(manager: EntityManager, userId: string, sessionId: string | null): Promise<{ secret: string; recoveryCodes: string[] }> {
    const secret = Totp.newSecret();
    const recoveryCodes = newRecoveryCodes();
    await manager.query(`UPDATE user_account SET mfa_pending_secret_sealed = $2, mfa_pending_session_id = $3, mfa_pending_at = now() WHERE id = $1`, [
      userId,
      this.box.seal(secret),
      sessionId,
    ]);
    await manager.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1 AND NOT active`, [userId]);
    await manager.query(
      `INSERT INTO mfa_recovery_code (user_id, code_hash) SELECT $1, unnest($2::bytea[])`,
      [userId, recoveryCodes.map((c) => hashToken(normaliseRecoveryCode(c)))],
    );
    return { secret, recoveryCodes };
  }

  /**
   * Confirms the pending secret with a code from it: it becomes the
   * account's secret and its recovery codes replace the old ones. No step is
   * used yet: the code that confirmed a new app may sign in once. False if
   * there is no pending secret or the code is not right.
   */
  async confirm(manager: EntityManager, user: UserAccount, otp: string, sessionId: string | null): Promise<boolean> {
    if (!this.pendingFor(user, sessionId)) return false;
    if ((await Totp.check(this.box.open(user.mfaPendingSecretSealed!), otp)) === null) return false;
    const rows = rowsOf(
      await manager.query(
        `UPDATE user_account SET mfa_secret_sealed = mfa_pending_secret_sealed, mfa_pending_secret_sealed = NULL,
                mfa_pending_session_id = NULL, mfa_pending_at = NULL, mfa_enabled_at = now(), mfa_last_step = NULL
         WHERE id = $1 AND mfa_pending_secret_sealed = $2 RETURNING id`,
        [user.id, user.mfaPendingSecretSealed],
      ),
    );
    if (!rows.length) return false;
    await manager.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1 AND active`, [user.id]);
    await manager.query(`UPDATE mfa_recovery_code SET active = true WHERE user_id = $1`, [user.id]);
    return true;
  }

  /**
   * The secret waiting for its first code, to show again (a set-up page
   * re-shown after a wrong code), or null. Only to the session that began
   * the set-up, and only for MFA_SETUP_MINUTES: another session of the
   * account never reads it back.
   */
  pendingSecret(user: UserAccount, sessionId: string | null): string | null {
    return this.pendingFor(user, sessionId) ? this.box.open(user.mfaPendingSecretSealed!) : null;
  }

  private pendingFor(user: UserAccount, sessionId: string | null): boolean {
    if (!user.mfaPendingSecretSealed || !user.mfaPendingAt) return false;
    if ((user.mfaPendingSessionId ?? null) !== (sessionId ?? null)) return false;
    return Date.now() - user.mfaPendingAt.getTime() < MFA_SETUP_MINUTES * 60_000;
  }

  /** Switches two-factor off: the secret, any pending one, and every recovery code go. */
  async remove(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(
      `UPDATE user_account SET mfa_secret_sealed = NULL, mfa_pending_secret_sealed = NULL, mfa_pending_session_id = NULL, mfa_pending_at = NULL,
              mfa_enabled_at = NULL, mfa_last_step = NULL WHERE id = $1`,
      [userId],
    );
    await manager.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1`, [userId]);
  }

  /** How many unused recovery codes the account has left. */
  async recoveryCodesLeft(userId: string): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM mfa_recovery_code WHERE user_id = $1 AND active AND used_at IS NULL`, [userId]);
    return row?.n ?? 0;
  }

  private async useStep(manager: EntityManager, userId: string, step: number): Promise<boolean> {
    const rows = rowsOf(
      await manager.query(
        `UPDATE user_account SET mfa_last_step = $2 WHERE id = $1 AND (mfa_last_step IS NULL OR mfa_last_step < $2) RETURNING id`,
        [userId, step],
      ),
    );
    return rows.length > 0;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { hashToken, randomToken } from '@app/crypto';
import { rowsOf } from '@app/database';
import { AuditService } from './audit.service';
import { UserAccount } from './entities/user-account.entity';
import { IdentityError } from './identity.error';
import { verifyPassword } from './passwords';
import { RateLimits } from './rate-limits';
import { SecondFactors } from './second-factor';
import { isStaff, type Actor, type Principal, type Role } from './roles';

export interface SignIn {
  email: string;
  password: string;
  otp?: string;
  /** One of the account's recovery codes, in place of `otp` when the phone is lost. */
  recoveryCode?: string;
}

/** Bearer sessions are for API clients; cookie sessions are the portal's, and need a CSRF token on every form. */
export type SessionKind = 'bearer' | 'cookie';

export interface SignInOptions {
  kind?: SessionKind;
  /** The session token the browser already held: revoked in the same transaction, so a sign-in always starts a new session. */
  replacing?: string;
}

export interface SignedIn {
  accessToken: string;
  expiresAt: string;
  user: { id: string; email: string; role: Role; providerId?: string };
  /** Staff who must enrol two-factor authentication first: only /me and /me/mfa/* answer until they do. */
  mfaSetupRequired?: boolean;
}

const SIGN_IN_FAILED = 'The email address or password is not right';
const LOCKED = 'Too many attempts to sign in. Wait before trying again, or reset your password.';

/**
 * Sign-in, bearer sessions and sign-out. Tokens are 256-bit random values
 * stored only as SHA-256; a session ends after an idle period, at an absolute
 * limit, on sign-out, or at once when its user is disabled.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly limits: RateLimits,
    private readonly audit: AuditService,
    private readonly secondFactors: SecondFactors,
  ) {}

  /**
   * Signs in with email, password and (when enrolled) a TOTP code or a
   * recovery code. Every failure says the same thing whether or not the
   * email exists. Each attempt is counted before its password is checked, so
   * at most AUTH_MAX_FAILED_SIGNINS passwords (or codes) are ever tried for
   * an account in a window, and ten times that from one address, however
   * many arrive at once; past that the answer is 429. A right answer gives
   * its point back. A cookie session (the portal) is the same session with another kind.
   */
  async signIn(input: SignIn, context: { ip?: string; userAgent?: string; requestId?: string }, options: SignInOptions = {}): Promise<SignedIn> {
    const accountKey = input.email.trim().toLowerCase();
    const addressKey = context.ip ?? 'unknown';
    const perAccount = this.limits.signInFailuresPerAccount;
    const perAddress = this.limits.signInFailuresPerAddress;
    await this.limits.consume(perAddress, addressKey, LOCKED);
    const { last } = await this.limits.consume(perAccount, accountKey, LOCKED);

    const user = await this.dataSource.getRepository(UserAccount).findOneBy({ email: accountKey });
    const passwordOk = await verifyPassword(user?.passwordHash, input.password);
    const actor: Actor = { kind: 'session', role: user?.role ?? 'applicant', userId: user?.id, ip: context.ip, requestId: context.requestId };
    if (!user || !passwordOk || user.disabledAt) {
      await this.fail(actor, user ? 'wrong_password_or_disabled' : 'unknown_email', last);
      throw new IdentityError('invalid_credentials', SIGN_IN_FAILED);
    }

    if (user.mfaEnabledAt && user.mfaSecretSealed) {
      if (!input.otp && !input.recoveryCode) {
        // The password was right: this attempt is not a failure, and the code comes in the next one.
        await Promise.all([this.limits.giveBack(perAccount, accountKey), this.limits.giveBack(perAddress, addressKey)]);
        throw new IdentityError('mfa_required', 'Enter the 6-digit code from your authenticator app', [{ field: 'otp', message: 'is required for this account' }]);
      }
      if (!(await this.secondFactors.spend(user, input))) {
        await this.fail(actor, input.otp ? 'wrong_or_used_otp' : 'wrong_or_used_recovery_code', last);
        throw new IdentityError('invalid_credentials', SIGN_IN_FAILED);
      }
    }

    const mfaSetupOnly = isStaff(user.role) && this.config.auth.requireStaffMfa && !user.mfaEnabledAt;
    const accessToken = randomToken('pmdp_s_');
    const expiresAt = new Date(Date.now() + this.config.auth.sessionAbsoluteHours * 3600_000);
    await this.dataSource.transaction(async (manager) => {
      if (options.replacing) await manager.query(`UPDATE auth_session SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [hashToken(options.replacing)]);
      await manager.query(
        `INSERT INTO auth_session (user_id, token_hash, kind, mfa_setup_only, expires_at, ip, user_agent)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [user.id, hashToken(accessToken), options.kind ?? 'bearer', mfaSetupOnly, expiresAt, context.ip ?? null, context.userAgent?.slice(0, 300) ?? null],
      );
      const viaRecovery = !input.otp && !!input.recoveryCode && !!user.mfaEnabledAt;
      await this.audit.record(manager, actor, { action: 'auth.signed_in', target: { type: 'user', id: user.id }, ...(viaRecovery ? { after: { with: 'recovery_code' } } : {}) });
    });
    await Promise.all([perAccount.delete(accountKey), this.limits.giveBack(perAddress, addressKey)]);
    return {
      accessToken,
      expiresAt: expiresAt.toISOString(),
      user: { id: user.id, email: user.email, role: user.role, ...(user.providerId ? { providerId: user.providerId } : {}) },
      ...(mfaSetupOnly ? { mfaSetupRequired: true } : {}),
    };
  }

  /** Audits a failed sign-in, and the lockout when it used the account's last attempt. */
  private async fail(actor: Actor, reason: string, last: boolean): Promise<void> {
    const target = actor.userId ? { type: 'user', id: actor.userId } : undefined;
    await this.audit.record(undefined, { ...actor, userId: undefined }, { action: 'auth.sign_in_failed', target, after: { reason } });
    if (last) await this.audit.record(undefined, { ...actor, userId: undefined }, { action: 'auth.locked_out', target, after: { minutes: this.config.auth.lockoutMinutes } });
  }

  /**
   * The principal for a session token, or null. One statement: checks expiry,
   * idle time, revocation, the user's state and that the token arrived the way
   * its session was made (a cookie session's token is no bearer token), and
   * records the activity.
   */
  async authenticate(token: string, kind: SessionKind = 'bearer'): Promise<Principal | null> {
    const rows = rowsOf<{ session_id: string; user_id: string; role: Role; provider_id: string | null; mfa_setup_only: boolean }>(
      await this.dataSource.query(
        `UPDATE auth_session s SET last_seen_at = now()
         FROM user_account u
         WHERE s.token_hash = $1 AND u.id = s.user_id AND s.kind = $3
           AND s.revoked_at IS NULL AND s.expires_at > now()
           AND s.last_seen_at > now() - make_interval(mins => $2)
           AND u.disabled_at IS NULL
         RETURNING s.id AS session_id, u.id AS user_id, u.role, u.provider_id, s.mfa_setup_only`,
        [hashToken(token), this.config.auth.sessionIdleMinutes, kind],
      ),
    );
    const row = rows[0];
    if (!row) return null;
    return {
      kind: 'session',
      sessionId: row.session_id,
      userId: row.user_id,
      role: row.role,
      ...(row.provider_id ? { providerId: row.provider_id } : {}),
      ...(row.mfa_setup_only ? { mfaSetupOnly: true } : {}),
    };
  }

  /** Ends the actor's session. */
  async signOut(actor: Actor): Promise<void> {
    if (!actor.sessionId) return;
    await this.dataSource.transaction(async (manager) => {
      await this.end(actor.sessionId!, manager);
      await this.audit.record(manager, actor, { action: 'auth.signed_out', target: { type: 'user', id: actor.userId! } });
    });
  }

  /** Ends one session (sign-out, or too many wrong answers while proving who you are). */
  async end(sessionId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`UPDATE auth_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
  }

  /** Ends every session of a user (disable, password change), optionally keeping one. */
  async revokeAll(manager: EntityManager, userId: string, keepSessionId?: string): Promise<void> {
    await manager.query(
      `UPDATE auth_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [userId, keepSessionId ?? null],
    );
  }

  /** Lifts the two-factor set-up restriction from a session once the user has enrolled. */
  async completeMfaSetup(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.query(`UPDATE auth_session SET mfa_setup_only = false WHERE id = $1`, [sessionId]);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { hashToken, randomToken } from '@app/crypto';
import { rowsOf } from '@app/database';
import { OutboxService, TOPIC } from '@app/notifications';
import { AuditService } from './audit.service';
import { UserAccount } from './entities/user-account.entity';
import { IdentityError } from './identity.error';
import { Totp } from './mfa';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { RateLimits } from './rate-limits';
import { SecondFactors } from './second-factor';
import { SessionsService } from './sessions.service';
import { isStaff, STAFF_ROLES, type Actor, type Role } from './roles';

export type TokenPurpose = 'verify_email' | 'password_reset' | 'invitation';

const TOKEN_LIFETIME_HOURS: Record<TokenPurpose, number> = { verify_email: 24, password_reset: 1, invitation: 24 * 7 };
/** A link's token that still works ($1 its hash, $2 its purpose): unused and not expired. Checking one and spending one go by the same rule. */
const LIVE_TOKEN = `token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()`;
const TOKEN_TOPIC = { verify_email: TOPIC.verifyEmail, password_reset: TOPIC.passwordReset, invitation: TOPIC.invitation } as const;

export interface UserView {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  providerId?: string;
  emailVerified: boolean;
  mfaEnabled: boolean;
  disabled: boolean;
  createdAt: string;
}

export const USERS_PAGE_SIZE = 50;

/** What changing two-factor asks for: the current password, and a current code or a recovery code. */
export interface MfaChangeProof {
  currentPassword?: string;
  otp?: string;
  recoveryCode?: string;
}

function requirePassword(proof: MfaChangeProof): { password: string } {
  if (!proof.currentPassword) {
    throw new IdentityError('reauthentication_required', 'Enter your current password to set up two-factor authentication', [
      { field: 'currentPassword', message: 'is required to set up two-factor authentication' },
    ]);
  }
  return { password: proof.currentPassword };
}

function requireProof(proof: MfaChangeProof): { password: string; otp?: string; recoveryCode?: string } {
  const errors = [
    ...(proof.currentPassword ? [] : [{ field: 'currentPassword', message: 'is required to change two-factor authentication' }]),
    ...(proof.otp || proof.recoveryCode ? [] : [{ field: 'otp', message: 'is required (or a recoveryCode) to change two-factor authentication' }]),
  ];
  if (errors.length) throw new IdentityError('reauthentication_required', 'Enter your current password and a code from your authenticator app (or a recovery code)', errors);
  return { password: proof.currentPassword!, otp: proof.otp, recoveryCode: proof.recoveryCode };
}

export function userView(u: UserAccount): UserView {
  return {
    id: u.id,
    email: u.email,
    fullName: u.fullName,
    role: u.role,
    ...(u.providerId ? { providerId: u.providerId } : {}),
    emailVerified: !!u.emailVerifiedAt,
    mfaEnabled: !!u.mfaEnabledAt,
    disabled: !!u.disabledAt,
    createdAt: u.createdAt.toISOString(),
  };
}

/**
 * Accounts: applicants register themselves and verify their email; staff and
 * provider users are invited and set their own password; anyone can reset a
 * forgotten password by an emailed single-use link. Every email leaves
 * through the outbox in the same transaction as the change.
 */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly limits: RateLimits,
    private readonly secondFactors: SecondFactors,
  ) {}

  /**
   * An applicant registers; a verification link is emailed. An address that
   * already has an account gets the same answer (so the answer never says
   * who has an account), and its owner is emailed that someone tried to
   * register with it. The password is hashed either way, so the time taken says nothing either.
   * `created` is for the portal alone, which signs a new account's owner in
   * (they chose its password a moment ago); the API's answer does not carry it.
   */
  async register(input: { email: string; password: string; fullName: string }, actor: Actor): Promise<{ created: boolean }> {
    await this.limits.consume(this.limits.accountRequestsPerAddress, actor.ip ?? 'unknown', 'Too many requests from your network. Try again later.');
    const email = input.email.trim().toLowerCase();
    const problem = passwordProblem(input.password, { email, fullName: input.fullName });
    if (problem) throw new IdentityError('weak_password', `password ${problem.message}`, [problem]);
    const passwordHash = await hashPassword(input.password);
    return this.dataSource.transaction(async (manager) => {
      // ON CONFLICT: two registrations racing for one new address end as one account and one "someone tried" email.
      const created = rowsOf<{ id: string }>(
        await manager.query(
          `INSERT INTO user_account (email, full_name, role, password_hash) VALUES ($1, $2, 'applicant', $3) ON CONFLICT (email) DO NOTHING RETURNING id`,
          [email, input.fullName.trim(), passwordHash],
        ),
      );
      if (created[0]) {
        const userId = created[0].id;
        await this.sendToken(manager, userId, 'verify_email');
        await this.audit.record(manager, { ...actor, userId, role: 'applicant' }, { action: 'account.registered', target: { type: 'user', id: userId } });
        return { created: true };
      }
      const existing = await manager.findOneByOrFail(UserAccount, { email });
      // At most one such email a day per account (silently: the answer must stay the same as for a new address).
      if (!existing.disabledAt && (await this.limits.take(this.limits.registrationAttemptEmails, existing.id))) {
        await this.outbox.add(manager, { topic: TOPIC.registrationAttempted, recipientUserId: existing.id, data: {} });
      }
      await this.audit.record(manager, actor, { action: 'account.registration_attempted', target: { type: 'user', id: existing.id } });
      return { created: false };
    });
  }

  /** Confirms an email address with the emailed token (single use). */
  async verifyEmail(token: string, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const userId = await this.useToken(manager, token, 'verify_email');
      await manager.update(UserAccount, { id: userId }, { emailVerifiedAt: () => 'now()' });
      await this.audit.record(manager, actor, { action: 'account.email_verified', target: { type: 'user', id: userId } });
    });
  }

  /** Sends a verification link again (the earlier ones stop working). */
  async resendVerification(actor: Actor): Promise<void> {
    await this.limits.consume(this.limits.resetRequestsPerAccount, `verify:${actor.userId}`, 'Too many emails requested. Try again later.');
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneByOrFail(UserAccount, { id: actor.userId! });
      if (!user.emailVerifiedAt) await this.sendToken(manager, user.id, 'verify_email');
    });
  }

  /**
   * Emails a reset link if the address has an account. Answers the same
   * either way, so it never reveals who has an account.
   */
  async requestPasswordReset(email: string, actor: Actor): Promise<void> {
    const key = email.trim().toLowerCase();
    await this.limits.consume(this.limits.accountRequestsPerAddress, actor.ip ?? 'unknown', 'Too many requests from your network. Try again later.');
    await this.limits.consume(this.limits.resetRequestsPerAccount, key, 'Too many reset emails requested for this address. Try again later.');
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneBy(UserAccount, { email: key });
      if (!user || user.disabledAt) return;
      await this.sendToken(manager, user.id, 'password_reset');
      await this.audit.record(manager, actor, { action: 'auth.password_reset_requested', target: { type: 'user', id: user.id } });
    });
  }

  /** Sets a new password from a reset link; every session of the account ends. */
  async confirmPasswordReset(token: string, password: string, actor: Actor): Promise<void> {
    await this.setPasswordWithToken(token, password, 'password_reset', actor, 'auth.password_changed');
  }

  /** An invited user sets their password; this also confirms their email address. */
  async acceptInvitation(token: string, password: string, actor: Actor): Promise<void> {
    await this.setPasswordWithToken(token, password, 'invitation', actor, 'account.invitation_accepted');
  }

  private async setPasswordWithToken(token: string, password: string, purpose: TokenPurpose, actor: Actor, action: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const userId = await this.useToken(manager, token, purpose);
      const user = await manager.findOneByOrFail(UserAccount, { id: userId });
      const problem = passwordProblem(password, user);
      if (problem) throw new IdentityError('weak_password', `password ${problem.message}`, [problem]);
      user.passwordHash = await hashPassword(password);
      user.emailVerifiedAt ??= new Date();
      await manager.save(user);
      await this.sessions.revokeAll(manager, userId);
      await this.audit.record(manager, actor, { action, target: { type: 'user', id: userId } });
    });
  }

  /**
   * Changes the signed-in user's password; their other sessions end and they
   * are emailed. Wrong current passwords are limited like sign-in's.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.get(actor.userId!);
    await this.proveItIsYou(actor, user, { password: currentPassword }, 'change_password');
    const problem = passwordProblem(newPassword, user, 'newPassword');
    if (problem) throw new IdentityError('weak_password', `newPassword ${problem.message}`, [problem]);
    const passwordHash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(UserAccount, { id: user.id }, { passwordHash });
      await this.sessions.revokeAll(manager, user.id, actor.sessionId);
      await this.audit.record(manager, actor, { action: 'auth.password_changed', target: { type: 'user', id: user.id } });
      await this.outbox.add(manager, { topic: TOPIC.securityChanged, recipientUserId: user.id, data: { change: 'password_changed' } });
    });
  }

  /**
   * A signed-in user proves again that they are who the session says: the
   * current password, and with `secondFactor` a current code or recovery
   * code when two-factor is on. The attempt is counted before anything is
   * checked; a wrong answer is audited, and the attempt that uses the last
   * point, or any after it, ends the session, so a stolen session cannot
   * keep guessing.
   */
  private async proveItIsYou(
    actor: Actor,
    user: UserAccount,
    proof: { password: string; otp?: string; recoveryCode?: string },
    purpose: string,
    secondFactor = false,
  ): Promise<void> {
    const limiter = this.limits.reauthFailuresPerUser;
    let last: boolean;
    try {
      ({ last } = await this.limits.consume(limiter, user.id, 'Too many wrong attempts. You have been signed out: sign in again, or reset your password.'));
    } catch (err) {
      await this.endSessionAfterLimit(actor, user.id, purpose, false);
      throw err;
    }
    const passwordOk = await verifyPassword(user.passwordHash, proof.password);
    const factorOk = !secondFactor || !user.mfaEnabledAt || (passwordOk && (await this.secondFactors.spend(user, proof)));
    if (passwordOk && factorOk) {
      await limiter.delete(user.id);
      return;
    }
    await this.audit.record(undefined, actor, { action: 'auth.reauthentication_failed', target: { type: 'user', id: user.id }, after: { purpose, reason: passwordOk ? 'wrong_or_used_code' : 'wrong_password' } });
    if (last) await this.endSessionAfterLimit(actor, user.id, purpose, true);
    if (!passwordOk) throw new IdentityError('invalid_credentials', 'Your current password is not right', [{ field: 'currentPassword', message: 'is not right' }]);
    throw new IdentityError('mfa_invalid', 'That code is not right, or has been used already. Try the newest code.', [{ field: proof.otp ? 'otp' : 'recoveryCode', message: 'is not right' }]);
  }

  private async endSessionAfterLimit(actor: Actor, userId: string, purpose: string, audit: boolean): Promise<void> {
    if (actor.sessionId) await this.sessions.end(actor.sessionId);
    if (audit) await this.audit.record(undefined, actor, { action: 'auth.locked_out', target: { type: 'user', id: userId }, after: { purpose, minutes: this.config.auth.lockoutMinutes } });
  }

  /**
   * Invites a staff member (reviewer, finance, admin) or a provider user
   * (with `providerId`, checked by the caller). They set a password through the emailed link.
   */
  async invite(
    input: { email: string; fullName: string; role: Role; providerId?: string; providerName?: string },
    actor: Actor,
  ): Promise<UserView> {
    if (input.role === 'applicant') throw new IdentityError('role_not_allowed', 'Applicants register themselves', [{ field: 'role', message: 'must be reviewer, finance or admin' }]);
    if ((input.role === 'provider') !== !!input.providerId) throw new IdentityError('role_not_allowed', 'Provider users belong to exactly one provider');
    const email = input.email.trim().toLowerCase();
    return this.dataSource.transaction(async (manager) => {
      if (await manager.findOneBy(UserAccount, { email })) {
        throw new IdentityError('email_taken', 'An account with this email address already exists', [{ field: 'email', message: 'already has an account' }]);
      }
      const user = manager.create(UserAccount, { email, fullName: input.fullName.trim(), role: input.role, providerId: input.providerId ?? null });
      await manager.save(user);
      await this.sendToken(manager, user.id, 'invitation', { role: input.role, providerName: input.providerName });
      await this.audit.record(manager, actor, {
        action: 'account.invited',
        target: { type: 'user', id: user.id },
        after: { role: user.role, providerId: user.providerId },
      });
      return userView(user);
    });
  }

  /** Creates a ready-to-use account with a password (the CLI's first admin, demo data). */
  async createUser(input: { email: string; password: string; fullName: string; role: Role; providerId?: string }, actor: Actor): Promise<UserView> {
    const email = input.email.trim().toLowerCase();
    const problem = passwordProblem(input.password, { email, fullName: input.fullName });
    if (problem) throw new IdentityError('weak_password', `password ${problem.message}`, [problem]);
    if ((input.role === 'provider') !== !!input.providerId) throw new IdentityError('role_not_allowed', 'A provider user needs --provider-id, and only provider users have one');
    const passwordHash = await hashPassword(input.password);
    return this.dataSource.transaction(async (manager) => {
      if (await manager.findOneBy(UserAccount, { email })) throw new IdentityError('email_taken', `An account for ${email} already exists`);
      const user = manager.create(UserAccount, {
        email,
        fullName: input.fullName,
        role: input.role,
        providerId: input.providerId ?? null,
        passwordHash,
        emailVerifiedAt: new Date(),
      });
      await manager.save(user);
      await this.audit.record(manager, actor, { action: 'account.created', target: { type: 'user', id: user.id }, after: { role: user.role } });
      return userView(user);
    });
  }

  /**
   * Starts two-factor enrolment: a new secret and ten recovery codes, which
   * take effect only when a code from the new secret confirms them. Where
   * two-factor is already on, replacing it needs the current password and a
   * current code (or a recovery code): a session alone cannot replace it.
   */
  async beginMfa(actor: Actor, proof: MfaChangeProof = {}): Promise<{ secret: string; otpauthUrl: string; recoveryCodes: string[] }> {
    const user = await this.get(actor.userId!);
    if (user.mfaEnabledAt) await this.proveItIsYou(actor, user, requireProof(proof), 'replace_mfa', true);
    // A first set-up asks for the password too, so a stolen session cannot put its own phone on the account;
    // a staff member's set-up-only session has just been made by signing in with it, and can do nothing else.
    else if (!actor.mfaSetupOnly) await this.proveItIsYou(actor, user, requirePassword(proof), 'enrol_mfa');
    return this.dataSource.transaction(async (manager) => {
      const { secret, recoveryCodes } = await this.secondFactors.begin(manager, user.id, actor.sessionId ?? null);
      await this.audit.record(manager, actor, { action: 'auth.mfa_setup_started', target: { type: 'user', id: user.id }, after: { replacing: !!user.mfaEnabledAt } });
      return { secret, otpauthUrl: Totp.uri(secret, user.email, this.config.programme.name), recoveryCodes };
    });
  }

  /** A set-up begun and not yet confirmed: its secret and authenticator link, to show again; null when there is none. */
  async pendingMfa(actor: Actor): Promise<{ secret: string; otpauthUrl: string } | null> {
    const user = await this.get(actor.userId!);
    const secret = this.secondFactors.pendingSecret(user, actor.sessionId ?? null);
    return secret ? { secret, otpauthUrl: Totp.uri(secret, user.email, this.config.programme.name) } : null;
  }

  /** Whether this person may switch two-factor off (staff may not while the programme requires it of them). */
  mayRemoveMfa(role: Role): boolean {
    return !(isStaff(role) && this.config.auth.requireStaffMfa);
  }

  /**
   * Completes enrolment with a code from the new secret: from now on sign-in
   * needs a code from it. Replacing an earlier secret ends the user's other
   * sessions. Either way the person is emailed.
   */
  async confirmMfa(actor: Actor, otp: string): Promise<void> {
    const limiter = this.limits.reauthFailuresPerUser;
    await this.limits.consume(limiter, actor.userId!, 'Too many wrong codes. Wait before trying again.');
    const confirmed = await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneOrFail(UserAccount, { where: { id: actor.userId! }, lock: { mode: 'pessimistic_write' } });
      const replacing = !!user.mfaEnabledAt;
      if (!(await this.secondFactors.confirm(manager, user, otp, actor.sessionId ?? null))) return false;
      // A new second factor, first or replacing: every other session ends, whoever holds it.
      await this.sessions.revokeAll(manager, user.id, actor.sessionId);
      if (actor.sessionId) await this.sessions.completeMfaSetup(manager, actor.sessionId);
      await this.audit.record(manager, actor, { action: replacing ? 'auth.mfa_replaced' : 'auth.mfa_enabled', target: { type: 'user', id: user.id } });
      await this.outbox.add(manager, { topic: TOPIC.securityChanged, recipientUserId: user.id, data: { change: replacing ? 'mfa_replaced' : 'mfa_enabled' } });
      return true;
    });
    if (!confirmed) {
      await this.audit.record(undefined, actor, { action: 'auth.reauthentication_failed', target: { type: 'user', id: actor.userId! }, after: { purpose: 'confirm_mfa', reason: 'wrong_code' } });
      throw new IdentityError('mfa_invalid', 'That code is not right. Check the time on your phone and try the newest code.', [{ field: 'otp', message: 'is not right' }]);
    }
    // Only this attempt's point: the counter is shared with password checks, which a confirmation must not wipe.
    await this.limits.giveBack(limiter, actor.userId!);
  }

  /**
   * Switches two-factor off, with the current password and a current code
   * (or a recovery code). Staff cannot while the programme requires it of
   * them (they replace it instead). The other sessions end and the person is emailed.
   */
  async removeMfa(actor: Actor, proof: MfaChangeProof): Promise<void> {
    const user = await this.get(actor.userId!);
    if (!user.mfaEnabledAt) throw new IdentityError('mfa_not_enabled', 'Two-factor authentication is not on for this account');
    if (!this.mayRemoveMfa(user.role)) {
      throw new IdentityError('mfa_required_for_role', 'Programme staff must keep two-factor authentication on. To move it to a new phone, set it up again (POST /api/v1/me/mfa/setup).');
    }
    await this.proveItIsYou(actor, user, requireProof(proof), 'remove_mfa', true);
    await this.dataSource.transaction(async (manager) => {
      await this.secondFactors.remove(manager, user.id);
      await this.sessions.revokeAll(manager, user.id, actor.sessionId);
      await this.audit.record(manager, actor, { action: 'auth.mfa_removed', target: { type: 'user', id: user.id } });
      await this.outbox.add(manager, { topic: TOPIC.securityChanged, recipientUserId: user.id, data: { change: 'mfa_removed' } });
    });
  }

  /**
   * Disables (or re-enables) a user. Disabling ends their sessions at once.
   * Nobody disables their own account, and the last active admin is never
   * disabled (the programme would have nobody to run it).
   */
  async setDisabled(userId: string, disabled: boolean, actor: Actor): Promise<UserView> {
    if (disabled && userId === actor.userId) throw new IdentityError('forbidden', 'You cannot disable your own account');
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(UserAccount, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new IdentityError('user_not_found', 'No user with that id');
      if (disabled && !user.disabledAt && user.role === 'admin') await this.keepAnAdmin(manager, user.id, 'disabled');
      const before = { disabled: !!user.disabledAt };
      user.disabledAt = disabled ? (user.disabledAt ?? new Date()) : null;
      await manager.save(user);
      if (disabled) await this.sessions.revokeAll(manager, user.id);
      await this.audit.record(manager, actor, {
        action: disabled ? 'account.disabled' : 'account.enabled',
        target: { type: 'user', id: user.id },
        before,
        after: { disabled },
      });
      return userView(user);
    });
  }

  /**
   * Refuses to take away the last active admin: the other active admins'
   * rows are locked (FOR UPDATE) first, so two admins removing each other at
   * the same moment cannot both succeed.
   */
  private async keepAnAdmin(manager: EntityManager, userId: string, how: string): Promise<void> {
    const others = rowsOf(
      await manager.query(`SELECT id FROM user_account WHERE role = 'admin' AND disabled_at IS NULL AND id <> $1 ORDER BY id FOR UPDATE`, [userId]),
    );
    if (others.length === 0) throw new IdentityError('last_admin', `This is the only active admin: they cannot be ${how} until another admin is added`);
  }

  /** Changes a staff member's role (reviewer, finance, admin); the last active admin keeps theirs. */
  async changeRole(userId: string, role: Role, actor: Actor): Promise<UserView> {
    if (!isStaff(role)) throw new IdentityError('role_not_allowed', `Staff roles are ${STAFF_ROLES.join(', ')}`, [{ field: 'role', message: `must be one of ${STAFF_ROLES.join(', ')}` }]);
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(UserAccount, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new IdentityError('user_not_found', 'No user with that id');
      if (!isStaff(user.role)) throw new IdentityError('role_not_allowed', 'Only staff roles can be changed');
      if (user.role === 'admin' && role !== 'admin' && !user.disabledAt) await this.keepAnAdmin(manager, user.id, 'given another role');
      const before = { role: user.role };
      user.role = role;
      await manager.save(user);
      await this.audit.record(manager, actor, { action: 'account.role_changed', target: { type: 'user', id: user.id }, before, after: { role } });
      return userView(user);
    });
  }

  async get(userId: string): Promise<UserAccount> {
    const user = await this.dataSource.getRepository(UserAccount).findOneBy({ id: userId });
    if (!user) throw new IdentityError('user_not_found', 'No user with that id');
    return user;
  }

  /** The signed-in user. */
  async me(actor: Actor): Promise<UserView> {
    return userView(await this.get(actor.userId!));
  }

  /** Users, newest first, filtered by role (or any of `roles`: the staff roles for the people page) or provider. */
  async list(query: { role?: Role; roles?: readonly Role[]; providerId?: string; page?: number }): Promise<{ items: UserView[]; total: number }> {
    const page = Math.max(1, query.page ?? 1);
    const role = query.role ?? (query.roles ? In([...query.roles]) : undefined);
    const [rows, total] = await this.dataSource.getRepository(UserAccount).findAndCount({
      where: { ...(role ? { role } : {}), ...(query.providerId ? { providerId: query.providerId } : {}) },
      order: { createdAt: 'DESC' },
      skip: (page - 1) * USERS_PAGE_SIZE,
      take: USERS_PAGE_SIZE,
    });
    return { items: rows.map(userView), total };
  }

  /**
   * Whether an emailed link's token would still work, without spending it: a
   * page opened from the link (or fetched by a mail scanner) asks this, and
   * only the form it shows spends the token.
   */
  async linkUsable(token: string, purpose: TokenPurpose): Promise<boolean> {
    if (!token) return false;
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM email_token WHERE ${LIVE_TOKEN}`,
      [hashToken(token), purpose],
    );
    return rows.length > 0;
  }

  /** Issues a single-use token for `purpose` (earlier unused ones stop working) and queues its email. */
  private async sendToken(manager: EntityManager, userId: string, purpose: TokenPurpose, data: Record<string, unknown> = {}): Promise<void> {
    await manager.query(`UPDATE email_token SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, [userId, purpose]);
    const token = randomToken();
    await manager.query(
      `INSERT INTO email_token (user_id, purpose, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
      [userId, purpose, hashToken(token), TOKEN_LIFETIME_HOURS[purpose]],
    );
    await this.outbox.add(manager, { topic: TOKEN_TOPIC[purpose], recipientUserId: userId, data, secret: token });
  }

  /** Spends a token: returns its user, or refuses if it is unknown, used, expired or for something else. */
  private async useToken(manager: EntityManager, token: string, purpose: TokenPurpose): Promise<string> {
    const rows = rowsOf<{ user_id: string }>(
      await manager.query(
        `UPDATE email_token SET used_at = now() WHERE ${LIVE_TOKEN} RETURNING user_id`,
        [hashToken(token), purpose],
      ),
    );
    if (!rows[0]) throw new IdentityError('token_invalid', 'This link is not valid: it may have been used already or have expired. Ask for a new one.', [{ field: 'token', message: 'is not valid or has expired' }]);
    return rows[0].user_id;
  }
}

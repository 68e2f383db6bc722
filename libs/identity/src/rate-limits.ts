import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '@app/config';
import { REDIS } from '@app/queue';
import { IdentityError } from './identity.error';

type Limiter = RateLimiterRedis;

/**
 * Limits kept in Redis, so every API process shares them. When Redis is
 * unreachable each process falls back to its own memory rather than letting
 * sign-in through unlimited.
 */
@Injectable()
export class RateLimits {
  /** Wrong passwords per account: the (max+1)th attempt inside the window is refused. */
  readonly signInFailuresPerAccount: Limiter;
  /** Wrong passwords per address, across accounts (credential stuffing). */
  readonly signInFailuresPerAddress: Limiter;
  /** Registration and reset requests per address. */
  readonly accountRequestsPerAddress: Limiter;
  /** Reset emails per account, so nobody can flood someone's inbox. */
  readonly resetRequestsPerAccount: Limiter;
  /**
   * A signed-in user proving who they are again (the current password to
   * change it, password and code to change two-factor, a code to confirm
   * enrolment): wrong answers per user, like sign-in's.
   */
  readonly reauthFailuresPerUser: Limiter;
  /** "Someone tried to register with your address" emails: one a day per account, so nobody can flood an inbox with them. */
  readonly registrationAttemptEmails: Limiter;
  /** Every API request, per signed-in principal or per address. */
  readonly api: Limiter;

  constructor(@Inject(REDIS) redis: Redis, config: AppConfig) {
    const make = (name: string, points: number, duration: number, blockDuration = 0) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${config.redis.queuePrefix}:rl:${name}`,
        points,
        duration,
        blockDuration,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${name}-mem`, points, duration, blockDuration }),
      });
    const lockout = config.auth.lockoutMinutes * 60;
    this.signInFailuresPerAccount = make('signin-account', config.auth.maxFailedSignIns, lockout);
    this.signInFailuresPerAddress = make('signin-address', config.auth.maxFailedSignIns * 10, lockout);
    this.accountRequestsPerAddress = make('account-address', config.rateLimits.authPerAddressPerHour, 3600);
    this.resetRequestsPerAccount = make('reset-account', 5, 3600);
    this.reauthFailuresPerUser = make('reauth-user', config.auth.maxFailedSignIns, lockout);
    this.registrationAttemptEmails = make('registration-attempt-email', 1, 24 * 3600);
    this.api = make('api', config.rateLimits.apiPerMinute, 60);
  }

  /**
   * Counts an attempt before the slow check it guards (a password hash, a
   * code) is made: one atomic increment in Redis, refused with rate_limited
   * once the limit is passed. However many attempts arrive at once, at most
   * `points` of them get through to the check in a window. `last` says this
   * attempt used the final point (a failure now is a lockout). An attempt
   * that turns out right is given back (giveBack) or the count cleared.
   * Plain request limits (registrations, reset emails, the API) are the same call.
   */
  async consume(limiter: Limiter, key: string, message: string): Promise<{ last: boolean }> {
    try {
      const res = await limiter.consume(key);
      return { last: res.remainingPoints <= 0 };
    } catch (err) {
      if (err instanceof RateLimiterRes) throw tooMany(message, err);
      throw err;
    }
  }

  /** Takes a point if one is left and says whether it did, never refusing: for limits the caller must not reveal. */
  async take(limiter: Limiter, key: string): Promise<boolean> {
    try {
      await limiter.consume(key);
      return true;
    } catch (err) {
      if (err instanceof RateLimiterRes) return false;
      throw err;
    }
  }

  /** Returns the point an attempt took, once it proved right. */
  async giveBack(limiter: Limiter, key: string): Promise<void> {
    await limiter.reward(key, 1);
  }
}

function tooMany(message: string, state: RateLimiterRes): IdentityError {
  return new IdentityError('rate_limited', message, undefined, Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
}

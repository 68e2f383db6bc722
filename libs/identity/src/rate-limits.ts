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
    this.api = make('api', config.rateLimits.apiPerMinute, 60);
  }

  /** Throws rate_limited if `key` has used up `limiter` (without consuming a point). */
  async assertNotExhausted(limiter: Limiter, key: string, message: string): Promise<void> {
    const state = await limiter.get(key);
    if (state && state.consumedPoints >= limiter.points) throw tooMany(message, state);
  }

  /** Consumes a point; throws rate_limited once the limit is passed. */
  async consume(limiter: Limiter, key: string, message: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw tooMany(message, err);
      throw err;
    }
  }

  /** Consumes a point and says whether the limit has now been reached (for lockout auditing). */
  async penalise(limiter: Limiter, key: string): Promise<{ exhausted: boolean }> {
    try {
      const res = await limiter.consume(key);
      return { exhausted: res.remainingPoints <= 0 };
    } catch (err) {
      if (err instanceof RateLimiterRes) return { exhausted: true };
      throw err;
    }
  }
}

function tooMany(message: string, state: RateLimiterRes): IdentityError {
  return new IdentityError('rate_limited', message, undefined, Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
}

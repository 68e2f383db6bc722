import { Inject, Injectable, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@app/identity';

/**
 * Who gets money when it becomes available in a pot: the waiting list. The
 * budget imports no other domain lib, so the intake lib implements this port
 * and provides it in its own module; FreedMoney finds it application-wide.
 */
export abstract class WaitingListPort {
  /** Offers the money now available in `potIds` to waitlisted applications, in priority order; returns how many were offered. */
  abstract offer(manager: EntityManager, potIds: string[], actor: Actor | null): Promise<number>;
}

/**
 * Every path that makes money available in a pot (a release, a transfer or
 * top-up in, a reversal, the year end's carried money) calls offer() in the
 * same transaction, so freed money is always offered again before anyone
 * else can see it sitting idle (docs/budget.md, "Freed money is offered again").
 */
@Injectable()
export class FreedMoney {
  private port: WaitingListPort | null | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    @Optional() @Inject(WaitingListPort) injected?: WaitingListPort,
  ) {
    if (injected) this.port = injected;
  }

  /** Offers what is now available in `potIds` (closed pots fund nothing, and are skipped by the port). Returns how many offers were made. */
  async offer(manager: EntityManager, potIds: (string | null | undefined)[], actor: Actor | null): Promise<number> {
    const ids = [...new Set(potIds.filter((p): p is string => !!p))].sort();
    const port = this.waitingList();
    if (!port || ids.length === 0) return 0;
    return port.offer(manager, ids, actor);
  }

  private waitingList(): WaitingListPort | null {
    if (this.port === undefined) {
      try {
        this.port = this.moduleRef.get(WaitingListPort, { strict: false }) ?? null;
      } catch {
        this.port = null;
      }
    }
    return this.port ?? null;
  }
}

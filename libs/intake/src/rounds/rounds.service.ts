import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { BudgetError, PotsService } from '@app/budget';
import { Clock } from '@app/config';
import { AuditService, type Actor } from '@app/identity';
import { FundingRound, Qualification } from '../entities';
import { RuleSets } from '../eligibility/rule-sets';
import { IntakeError } from '../intake.error';
import { qualificationView, type QualificationView } from '../qualifications/qualifications.service';

export interface RoundInput {
  name: string;
  opensAt: Date;
  closesAt: Date;
  /** The budget pot the round's bursaries draw on. */
  potId: string;
  qualificationIds: string[];
  ruleSetVersion?: string;
}

/** What can change in a round before it opens; anything left out stays as it is. */
export type RoundChanges = Partial<RoundInput>;

/** Where a round is in its life, by the clock: taking applications, not yet, or no longer. */
export type RoundStatus = 'upcoming' | 'open' | 'closed';

export interface RoundView {
  id: string;
  name: string;
  opensAt: string;
  closesAt: string;
  isOpen: boolean;
  status: RoundStatus;
  potId: string | null;
  ruleSetVersion: string;
  qualifications: QualificationView[];
}

/** Funding rounds: a window for applications, the qualifications on offer and the rule set that decides. */
@Injectable()
export class RoundsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ruleSets: RuleSets,
    private readonly audit: AuditService,
    private readonly pots: PotsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates a round; the rule set defaults to the newest published one. A
   * round that opens now or earlier is announced to everyone who asked to be
   * told (RemindersService.announceOpenRounds reads the round's dates).
   */
  async create(input: RoundInput, actor: Actor): Promise<RoundView> {
    if (input.closesAt <= input.opensAt) throw new IntakeError('round_not_open', 'A round must close after it opens', [{ field: 'closesAt', message: 'must be after opensAt' }]);
    const ruleSetVersion = input.ruleSetVersion ?? (await this.ruleSets.newestPublished()).version;
    await this.ruleSets.getPublished(ruleSetVersion);
    await this.checkPot(input.potId);
    const ids = [...new Set(input.qualificationIds)];
    return this.dataSource.transaction(async (manager) => {
      const qualifications = await this.offerable(manager, ids, []);
      const round = manager.create(FundingRound, { name: input.name.trim(), opensAt: input.opensAt, closesAt: input.closesAt, potId: input.potId, ruleSetVersion, createdBy: actor.userId ?? null });
      await manager.save(round);
      await manager.query(`INSERT INTO round_qualification (round_id, qualification_id) SELECT $1, unnest($2::uuid[])`, [round.id, ids]);
      await this.audit.record(manager, actor, { action: 'round.created', target: { type: 'round', id: round.id }, after: { name: round.name, opensAt: round.opensAt.toISOString(), closesAt: round.closesAt.toISOString(), potId: round.potId, ruleSetVersion, qualificationIds: ids } });
      return view(round, qualifications, this.clock.now());
    });
  }

  /**
   * Changes a round that has not opened yet: its name, dates, pot,
   * qualifications or rule set. Once it has opened, applicants have seen
   * (and applied to) it as it is, so it is refused (round_already_open):
   * close it early instead.
   */
  async update(id: string, changes: RoundChanges, actor: Actor): Promise<RoundView> {
    if (changes.ruleSetVersion !== undefined) await this.ruleSets.getPublished(changes.ruleSetVersion);
    if (changes.potId !== undefined) await this.checkPot(changes.potId);
    return this.dataSource.transaction(async (manager) => {
      const round = await manager.findOne(FundingRound, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!round) throw new IntakeError('round_not_found', 'No funding round with that id');
      const now = this.clock.now();
      if (round.opensAt <= now) {
        throw new IntakeError('round_already_open', `${round.name} has opened, so it can no longer be changed: close it early instead`, [{ field: 'opensAt', message: 'has passed: the round is open or closed' }]);
      }
      const current = await this.qualificationIds(manager, id);
      const before = { name: round.name, opensAt: round.opensAt.toISOString(), closesAt: round.closesAt.toISOString(), potId: round.potId, ruleSetVersion: round.ruleSetVersion, qualificationIds: current };
      const opensAt = changes.opensAt ?? round.opensAt;
      const closesAt = changes.closesAt ?? round.closesAt;
      if (closesAt <= opensAt) throw new IntakeError('round_not_open', 'A round must close after it opens', [{ field: 'closesAt', message: 'must be after opensAt' }]);
      Object.assign(round, {
        name: changes.name?.trim() ?? round.name,
        opensAt,
        closesAt,
        potId: changes.potId ?? round.potId,
        ruleSetVersion: changes.ruleSetVersion ?? round.ruleSetVersion,
      });
      await manager.save(round);
      const ids = changes.qualificationIds ? [...new Set(changes.qualificationIds)] : current;
      const qualifications = await this.offerable(manager, ids, current);
      if (changes.qualificationIds) {
        await manager.query(`DELETE FROM round_qualification WHERE round_id = $1 AND NOT (qualification_id = ANY($2::uuid[]))`, [id, ids]);
        await manager.query(`INSERT INTO round_qualification (round_id, qualification_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [id, ids]);
      }
      const after = { name: round.name, opensAt: round.opensAt.toISOString(), closesAt: round.closesAt.toISOString(), potId: round.potId, ruleSetVersion: round.ruleSetVersion, qualificationIds: ids };
      await this.audit.record(manager, actor, { action: 'round.updated', target: { type: 'round', id }, before, after });
      return view(round, qualifications, now);
    });
  }

  /**
   * Closes an open round now: no more applications or submissions; those
   * submitted are still reviewed. Refused when it has closed already
   * (round_closed), or has not opened (change its dates instead).
   */
  async close(id: string, actor: Actor): Promise<RoundView> {
    return this.dataSource.transaction(async (manager) => {
      const round = await manager.findOne(FundingRound, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!round) throw new IntakeError('round_not_found', 'No funding round with that id');
      const now = this.clock.now();
      if (round.closesAt <= now) throw new IntakeError('round_closed', `${round.name} has closed already`, [{ field: 'closesAt', message: 'has passed' }]);
      if (round.opensAt > now) throw new IntakeError('round_not_open', `${round.name} has not opened yet, so it cannot be closed early: change its dates instead`, [{ field: 'opensAt', message: 'is in the future' }]);
      const before = { closesAt: round.closesAt.toISOString() };
      // A round that opened this very millisecond still closes after it opened.
      round.closesAt = new Date(Math.max(now.getTime(), round.opensAt.getTime() + 1));
      await manager.save(round);
      await this.audit.record(manager, actor, { action: 'round.closed', target: { type: 'round', id }, before, after: { closesAt: round.closesAt.toISOString() } });
      const qualifications = await manager.findBy(Qualification, { id: In(await this.qualificationIds(manager, id)) });
      return view(round, qualifications, now);
    });
  }

  /**
   * Rounds open now (for applicants: without retired qualifications, which
   * are no longer offered), or every round (for admins).
   */
  async list(options: { openOnly: boolean }): Promise<RoundView[]> {
    const qb = this.dataSource.getRepository(FundingRound).createQueryBuilder('r').orderBy('r.opens_at', 'DESC');
    const now = this.clock.now();
    if (options.openOnly) qb.where('r.opens_at <= :now AND r.closes_at > :now', { now });
    const rounds = await qb.getMany();
    if (rounds.length === 0) return [];
    const links: { round_id: string; qualification_id: string }[] = await this.dataSource.query(
      `SELECT round_id, qualification_id FROM round_qualification WHERE round_id = ANY($1::uuid[])`,
      [rounds.map((r) => r.id)],
    );
    const all = await this.dataSource.getRepository(Qualification).findBy({ id: In([...new Set(links.map((l) => l.qualification_id))]) });
    const qualifications = options.openOnly ? all.filter((q) => !q.retiredAt) : all;
    return rounds.map((r) =>
      view(r, qualifications.filter((q) => links.some((l) => l.round_id === r.id && l.qualification_id === q.id)), now),
    );
  }

  async get(id: string): Promise<RoundView> {
    const round = await this.dataSource.getRepository(FundingRound).findOneBy({ id });
    if (!round) throw new IntakeError('round_not_found', 'No funding round with that id');
    const qualifications = await this.dataSource
      .getRepository(Qualification)
      .createQueryBuilder('q')
      .where('q.id IN (SELECT qualification_id FROM round_qualification WHERE round_id = :id)', { id })
      .getMany();
    return view(round, qualifications, this.clock.now());
  }

  private async checkPot(potId: string): Promise<void> {
    await this.pots.get(potId).catch((err) => {
      if (err instanceof BudgetError) throw new IntakeError('round_not_found', 'No budget pot with that id', [{ field: 'potId', message: 'is not a budget pot' }]);
      throw err;
    });
  }

  private async qualificationIds(manager: EntityManager, roundId: string): Promise<string[]> {
    const rows: { qualification_id: string }[] = await manager.query(`SELECT qualification_id FROM round_qualification WHERE round_id = $1 ORDER BY qualification_id`, [roundId]);
    return rows.map((r) => r.qualification_id);
  }

  /** The qualifications by id; each must exist, and a retired one cannot be added (one the round had already may stay). */
  private async offerable(manager: EntityManager, ids: string[], already: string[]): Promise<Qualification[]> {
    const qualifications = await manager.findBy(Qualification, { id: In(ids) });
    const missing = ids.filter((id) => !qualifications.some((q) => q.id === id));
    if (missing.length) {
      throw new IntakeError('qualification_not_found', `No qualification with id ${missing.join(', ')}`, missing.map(() => ({ field: 'qualificationIds', message: 'includes an unknown qualification' })));
    }
    const retired = qualifications.filter((q) => q.retiredAt && !already.includes(q.id));
    if (retired.length) {
      throw new IntakeError('qualification_retired', `${retired.map((q) => q.title).join(', ')} ${retired.length === 1 ? 'is' : 'are'} retired and cannot be offered in a round`, retired.map((q) => ({ field: 'qualificationIds', message: `${q.title} is retired` })));
    }
    return qualifications;
  }
}

/** A round's status at `at`: upcoming before it opens, open until it closes, then closed. */
export function roundStatus(opensAt: Date, closesAt: Date, at: Date): RoundStatus {
  if (at < opensAt) return 'upcoming';
  return at < closesAt ? 'open' : 'closed';
}

function view(r: FundingRound, qualifications: Qualification[], at: Date): RoundView {
  const status = roundStatus(r.opensAt, r.closesAt, at);
  return {
    id: r.id,
    name: r.name,
    opensAt: r.opensAt.toISOString(),
    closesAt: r.closesAt.toISOString(),
    isOpen: status === 'open',
    status,
    potId: r.potId,
    ruleSetVersion: r.ruleSetVersion,
    qualifications: qualifications.sort((a, b) => a.level - b.level).map(qualificationView),
  };
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
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

export interface RoundView {
  id: string;
  name: string;
  opensAt: string;
  closesAt: string;
  isOpen: boolean;
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

  /** Opens a round; the rule set defaults to the newest published one. */
  async create(input: RoundInput, actor: Actor): Promise<RoundView> {
    if (input.closesAt <= input.opensAt) throw new IntakeError('round_not_open', 'A round must close after it opens', [{ field: 'closesAt', message: 'must be after opensAt' }]);
    const ruleSetVersion = input.ruleSetVersion ?? this.ruleSets.newestPublished()!.version;
    this.ruleSets.getPublished(ruleSetVersion);
    await this.pots.get(input.potId).catch((err) => {
      if (err instanceof BudgetError) throw new IntakeError('round_not_found', 'No budget pot with that id', [{ field: 'potId', message: 'is not a budget pot' }]);
      throw err;
    });
    const ids = [...new Set(input.qualificationIds)];
    return this.dataSource.transaction(async (manager) => {
      const qualifications = await manager.findBy(Qualification, { id: In(ids) });
      const missing = ids.filter((id) => !qualifications.some((q) => q.id === id));
      if (missing.length) {
        throw new IntakeError('qualification_not_found', `No qualification with id ${missing.join(', ')}`, missing.map(() => ({ field: 'qualificationIds', message: 'includes an unknown qualification' })));
      }
      const round = manager.create(FundingRound, { name: input.name.trim(), opensAt: input.opensAt, closesAt: input.closesAt, potId: input.potId, ruleSetVersion, createdBy: actor.userId ?? null });
      await manager.save(round);
      await manager.query(`INSERT INTO round_qualification (round_id, qualification_id) SELECT $1, unnest($2::uuid[])`, [round.id, ids]);
      await this.audit.record(manager, actor, { action: 'round.created', target: { type: 'round', id: round.id }, after: { name: round.name, ruleSetVersion, qualificationIds: ids } });
      return view(round, qualifications, this.clock.now());
    });
  }

  /** Rounds open now (for applicants), or every round (for admins). */
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
    const qualifications = await this.dataSource.getRepository(Qualification).findBy({ id: In([...new Set(links.map((l) => l.qualification_id))]) });
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
}

function view(r: FundingRound, qualifications: Qualification[], at: Date): RoundView {
  const now = at.getTime();
  return {
    id: r.id,
    name: r.name,
    opensAt: r.opensAt.toISOString(),
    closesAt: r.closesAt.toISOString(),
    isOpen: r.opensAt.getTime() <= now && r.closesAt.getTime() > now,
    potId: r.potId,
    ruleSetVersion: r.ruleSetVersion,
    qualifications: qualifications.sort((a, b) => a.level - b.level).map(qualificationView),
  };
}

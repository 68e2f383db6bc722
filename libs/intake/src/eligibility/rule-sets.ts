import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { AppConfig, Clock, ConfigError, projectRoot } from '@app/config';
import { CompiledRuleSet, parseRuleSet, RuleSetError, type RuleSet } from '@app/eligibility';
import { AuditService, type Actor } from '@app/identity';
import { IntakeError } from '../intake.error';

/** A rule set as the programme team sees it in the list. */
export interface RuleSetSummary {
  version: string;
  status: 'draft' | 'published';
  rules: number;
  description: string | null;
  uploadedAt: string;
  uploadedBy: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
  /** The file in config/eligibility/ it was seeded from, if any. */
  sourceFile: string | null;
}

/** One rule set in full: its summary, its YAML and its rules. */
export interface RuleSetDetail extends RuleSetSummary {
  source: string;
  checksum: string;
  ruleList: { id: string; sentence: string; expression: string; onFail: string }[];
}

/** One problem in an uploaded rule set: the rule it is in (null: the rule set as a whole) and what is wrong. */
export interface RuleSetProblem {
  rule: string | null;
  message: string;
}

interface SeedFile {
  file: string;
  source: string;
  checksum: string;
  ruleSet: RuleSet;
}

interface Row {
  version: string;
  source: string;
  status: 'draft' | 'published';
  checksum: string;
  uploaded_at: Date;
  uploaded_by: string | null;
  uploaded_by_name: string | null;
  published_at: Date | null;
  published_by_name: string | null;
  source_file: string | null;
}

const SELECT = `
  SELECT r.version, r.source, r.status, r.checksum, r.uploaded_at, r.uploaded_by, r.published_at, r.source_file,
         u.full_name AS uploaded_by_name, p.full_name AS published_by_name
  FROM eligibility_rule_set r
  LEFT JOIN user_account u ON u.id = r.uploaded_by
  LEFT JOIN user_account p ON p.id = r.published_by`;

/**
 * Eligibility rule sets, kept in the database (eligibility_rule_set). The
 * files in config/eligibility/ are the seed: each is checked at start-up (a
 * file that does not parse or type-check stops the system, naming the rule)
 * and inserted by version when the database does not have it. Admins upload
 * drafts, preview them with the what-if report and publish them; a published
 * version is immutable (a trigger refuses to change or delete it), so its
 * compiled rules are cached for good, while drafts are read afresh each time.
 * The database's status decides, whatever the YAML's `status` line says.
 */
@Injectable()
export class RuleSets {
  private readonly logger = new Logger(RuleSets.name);
  private readonly files: SeedFile[] = [];
  private readonly published = new Map<string, CompiledRuleSet>();
  private seeding: Promise<void> | undefined;

  constructor(
    config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    const dir = isAbsolute(config.eligibilityDir) ? config.eligibilityDir : resolve(projectRoot(), config.eligibilityDir);
    const problems: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
      try {
        const source = readFileSync(join(dir, file), 'utf8');
        const ruleSet = parseRuleSet(source, file);
        CompiledRuleSet.compile(ruleSet);
        if (`${ruleSet.version}.yaml` !== file) problems.push(`${file}: version ${ruleSet.version} does not match the file name`);
        this.files.push({ file, source, checksum: checksum(source), ruleSet });
      } catch (err) {
        if (err instanceof RuleSetError) problems.push(...err.problems.map((p) => `${file}: ${p}`));
        else throw err;
      }
    }
    if (problems.length) throw new ConfigError(problems);
    if (!this.files.some((f) => f.ruleSet.status === 'published')) throw new ConfigError([`${config.eligibilityDir} has no published rule set`]);
  }

  /**
   * Puts the files' versions in the database when it does not have them (at
   * most once per process, before any read). A draft seeded from a file
   * follows the file while it is a draft; a published row never changes.
   */
  private seeded(): Promise<void> {
    this.seeding ??= this.seed().catch((err) => {
      this.seeding = undefined;
      throw err;
    });
    return this.seeding;
  }

  private async seed(): Promise<void> {
    const now = this.clock.now();
    for (const f of this.files) {
      const published = f.ruleSet.status === 'published';
      await this.dataSource.query(
        `INSERT INTO eligibility_rule_set (version, source, status, uploaded_at, published_at, source_file, checksum)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (version) DO UPDATE SET source = EXCLUDED.source, status = EXCLUDED.status, checksum = EXCLUDED.checksum, published_at = EXCLUDED.published_at
           WHERE eligibility_rule_set.status = 'draft' AND eligibility_rule_set.source_file = EXCLUDED.source_file AND eligibility_rule_set.checksum <> EXCLUDED.checksum`,
        [f.ruleSet.version, f.source, f.ruleSet.status, now, published ? now : null, f.file, f.checksum],
      );
    }
    const edited: { version: string }[] = await this.dataSource.query(
      `SELECT version FROM eligibility_rule_set WHERE status = 'published' AND source_file IS NOT NULL AND checksum <> ALL($1::text[]) AND version = ANY($2::text[])`,
      [this.files.map((f) => f.checksum), this.files.map((f) => f.ruleSet.version)],
    );
    // The database keeps what was published; an edited file is a mistake to report, not to follow.
    for (const { version } of edited) this.logger.warn({ version }, 'A published rule set file differs from the published version in the database; the database is used');
  }

  /** The rule set a new round uses by default: the newest published one. */
  async newestPublished(): Promise<CompiledRuleSet> {
    await this.seeded();
    const rows: { version: string }[] = await this.dataSource.query(`SELECT version FROM eligibility_rule_set WHERE status = 'published'`);
    const newest = rows.map((r) => r.version).sort(compareVersions).at(-1);
    if (!newest) throw new IntakeError('rule_set_not_found', 'There is no published eligibility rule set');
    return this.get(newest);
  }

  /** A rule set by version (published or draft), compiled. */
  async get(version: string): Promise<CompiledRuleSet> {
    const cached = this.published.get(version);
    if (cached) return cached;
    await this.seeded();
    const [row] = (await this.dataSource.query(`${SELECT} WHERE r.version = $1`, [version])) as Row[];
    if (!row) throw await this.notFound(version);
    const set = compile(row);
    if (row.status === 'published') this.published.set(version, set);
    return set;
  }

  /** Only a published rule set may decide real applications. */
  async getPublished(version: string): Promise<CompiledRuleSet> {
    const set = await this.get(version);
    if (set.status !== 'published') throw new IntakeError('rule_set_not_found', `Rule set ${version} is a draft; preview it with the what-if report`, [{ field: 'ruleSetVersion', message: 'is a draft' }]);
    return set;
  }

  /** Every rule set, newest version first. */
  async list(): Promise<RuleSetSummary[]> {
    await this.seeded();
    const rows = (await this.dataSource.query(SELECT)) as Row[];
    return rows.sort((a, b) => compareVersions(b.version, a.version)).map((r) => summary(r, compile(r)));
  }

  /** One rule set with its YAML and rules; rule_set_unknown (404) when there is none. */
  async detail(version: string): Promise<RuleSetDetail> {
    await this.seeded();
    const [row] = (await this.dataSource.query(`${SELECT} WHERE r.version = $1`, [version])) as Row[];
    if (!row) throw new IntakeError('rule_set_unknown', `There is no eligibility rule set ${version}`);
    const set = compile(row);
    return { ...summary(row, set), source: row.source, checksum: row.checksum, ruleList: set.rules.map((r) => ({ ...r })) };
  }

  /**
   * Checks a rule set's YAML and stores it as a draft (replacing a draft of
   * the same version). Refused with every problem, each naming its rule
   * (rule_set_invalid), or when the version is published already.
   */
  async upload(source: string, actor: Actor): Promise<RuleSetDetail> {
    const ruleSet = checkSource(source);
    const sum = checksum(source);
    await this.seeded();
    await this.dataSource.transaction(async (manager) => {
      const [before]: { status: string; checksum: string }[] = await manager.query(`SELECT status, checksum FROM eligibility_rule_set WHERE version = $1 FOR UPDATE`, [ruleSet.version]);
      if (before?.status === 'published') throw publishedAlready(ruleSet.version);
      await manager.query(
        `INSERT INTO eligibility_rule_set (version, source, status, uploaded_by, uploaded_at, checksum)
         VALUES ($1, $2, 'draft', $3, $4, $5)
         ON CONFLICT (version) DO UPDATE SET source = EXCLUDED.source, checksum = EXCLUDED.checksum, uploaded_by = EXCLUDED.uploaded_by, uploaded_at = EXCLUDED.uploaded_at, source_file = NULL`,
        [ruleSet.version, source, actor.userId ?? null, this.clock.now(), sum],
      );
      await this.audit.record(manager, actor, {
        action: before ? 'rule_set.replaced' : 'rule_set.uploaded',
        target: { type: 'rule_set', id: ruleSet.version },
        ...(before ? { before: { checksum: before.checksum } } : {}),
        after: { status: 'draft', checksum: sum, rules: ruleSet.rules.length },
      });
    });
    return this.detail(ruleSet.version);
  }

  /**
   * Publishes a draft: from now on it can decide real applications and can
   * never change (the database refuses). Refused when it is published
   * already; 404 when there is no such version.
   */
  async publish(version: string, actor: Actor): Promise<RuleSetDetail> {
    await this.seeded();
    await this.dataSource.transaction(async (manager) => {
      const [row]: Row[] = await manager.query(`SELECT version, source, status, checksum FROM eligibility_rule_set WHERE version = $1 FOR UPDATE`, [version]);
      if (!row) throw new IntakeError('rule_set_unknown', `There is no eligibility rule set ${version}`);
      if (row.status === 'published') throw publishedAlready(version);
      checkSource(row.source);
      await manager.query(`UPDATE eligibility_rule_set SET status = 'published', published_at = $2, published_by = $3 WHERE version = $1`, [version, this.clock.now(), actor.userId ?? null]);
      await this.audit.record(manager, actor, { action: 'rule_set.published', target: { type: 'rule_set', id: version }, before: { status: 'draft' }, after: { status: 'published', checksum: row.checksum } });
    });
    return this.detail(version);
  }

  /** Deletes a draft; a published version is refused (it may have decided applications). */
  async removeDraft(version: string, actor: Actor): Promise<void> {
    await this.seeded();
    await this.dataSource.transaction(async (manager) => {
      const [row]: Row[] = await manager.query(`SELECT status, checksum FROM eligibility_rule_set WHERE version = $1 FOR UPDATE`, [version]);
      if (!row) throw new IntakeError('rule_set_unknown', `There is no eligibility rule set ${version}`);
      if (row.status === 'published') throw publishedAlready(version);
      await manager.query(`DELETE FROM eligibility_rule_set WHERE version = $1`, [version]);
      await this.audit.record(manager, actor, { action: 'rule_set.deleted', target: { type: 'rule_set', id: version }, before: { status: 'draft', checksum: row.checksum } });
    });
  }

  private async notFound(version: string): Promise<IntakeError> {
    const rows: { version: string }[] = await this.dataSource.query(`SELECT version FROM eligibility_rule_set ORDER BY version`);
    return new IntakeError('rule_set_not_found', `There is no eligibility rule set ${version}`, [{ field: 'ruleSetVersion', message: `must be one of ${rows.map((r) => r.version).join(', ')}` }]);
  }
}

/**
 * Parses and type-checks uploaded YAML, or throws rule_set_invalid with
 * every problem as `source` field problems, each line naming its rule.
 */
function checkSource(source: string): RuleSet {
  try {
    const ruleSet = parseRuleSet(source, 'the uploaded rule set');
    CompiledRuleSet.compile(ruleSet);
    return ruleSet;
  } catch (err) {
    if (!(err instanceof RuleSetError)) throw err;
    throw new IntakeError('rule_set_invalid', `The rule set has ${err.problems.length === 1 ? 'a problem' : `${err.problems.length} problems`}`, err.problems.map((message) => ({ field: 'source', message })));
  }
}

/** A problem line from the checker ("rule aged_16_or_over: expression ...") split into its rule and what is wrong. */
export function ruleSetProblem(line: string): RuleSetProblem {
  const match = /^rule ([^:\s]+): (.*)$/s.exec(line);
  return match ? { rule: match[1], message: match[2] } : { rule: null, message: line };
}

const publishedAlready = (version: string) =>
  new IntakeError('rule_set_published', `Rule set ${version} is published, so it cannot be changed or deleted: upload your changes as a new version`, [{ field: 'version', message: 'is published already' }]);

function compile(row: Row): CompiledRuleSet {
  // The row's status decides; the YAML's own status line is what the author wrote.
  return CompiledRuleSet.compile({ ...parseRuleSet(row.source, row.version), status: row.status });
}

function summary(r: Row, set: CompiledRuleSet): RuleSetSummary {
  return {
    version: r.version,
    status: r.status,
    rules: set.rules.length,
    description: set.description ?? null,
    uploadedAt: r.uploaded_at.toISOString(),
    uploadedBy: r.uploaded_by_name,
    publishedAt: r.published_at?.toISOString() ?? null,
    publishedBy: r.published_by_name,
    sourceFile: r.source_file,
  };
}

const checksum = (source: string) => createHash('sha256').update(source, 'utf8').digest('hex');

/** "2026-10" sorts after "2026-9". */
export function compareVersions(a: string, b: string): number {
  const [ay, an] = a.split('-').map(Number);
  const [by, bn] = b.split('-').map(Number);
  return ay - by || an - bn;
}

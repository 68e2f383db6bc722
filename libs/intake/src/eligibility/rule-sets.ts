import { Injectable } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { AppConfig, ConfigError, projectRoot } from '@app/config';
import { CompiledRuleSet, parseRuleSet, RuleSetError } from '@app/eligibility';
import { IntakeError } from '../intake.error';

/**
 * Every rule set in config/eligibility, parsed and compiled at start-up: a
 * rule set that does not parse or type-check stops the system with the rule
 * and the problem named, rather than misjudging applicants later.
 */
@Injectable()
export class RuleSets {
  private readonly sets = new Map<string, CompiledRuleSet>();

  constructor(config: AppConfig) {
    const dir = isAbsolute(config.eligibilityDir) ? config.eligibilityDir : resolve(projectRoot(), config.eligibilityDir);
    const problems: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
      try {
        const set = CompiledRuleSet.compile(parseRuleSet(readFileSync(join(dir, file), 'utf8'), file));
        if (`${set.version}.yaml` !== file) problems.push(`${file}: version ${set.version} does not match the file name`);
        this.sets.set(set.version, set);
      } catch (err) {
        if (err instanceof RuleSetError) problems.push(...err.problems.map((p) => `${file}: ${p}`));
        else throw err;
      }
    }
    if (problems.length) throw new ConfigError(problems);
    if (!this.newestPublished()) throw new ConfigError([`${config.eligibilityDir} has no published rule set`]);
  }

  /** The rule set a new round uses by default: the newest published one. */
  newestPublished(): CompiledRuleSet | undefined {
    return [...this.sets.values()].filter((s) => s.status === 'published').sort((a, b) => compareVersions(b.version, a.version))[0];
  }

  /** A rule set by version (published or draft). */
  get(version: string): CompiledRuleSet {
    const set = this.sets.get(version);
    if (!set) throw new IntakeError('rule_set_not_found', `There is no eligibility rule set ${version}`, [{ field: 'ruleSetVersion', message: `must be one of ${[...this.sets.keys()].join(', ')}` }]);
    return set;
  }

  /** Only a published rule set may decide real applications. */
  getPublished(version: string): CompiledRuleSet {
    const set = this.get(version);
    if (set.status !== 'published') throw new IntakeError('rule_set_not_found', `Rule set ${version} is a draft; preview it with the what-if report`, [{ field: 'ruleSetVersion', message: 'is a draft' }]);
    return set;
  }

  list(): { version: string; status: string; rules: number }[] {
    return [...this.sets.values()].map((s) => ({ version: s.version, status: s.status, rules: s.rules.length }));
  }
}

/** "2026-10" sorts after "2026-9". */
function compareVersions(a: string, b: string): number {
  const [ay, an] = a.split('-').map(Number);
  const [by, bn] = b.split('-').map(Number);
  return ay - by || an - bn;
}

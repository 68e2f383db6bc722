import { Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles, type Actor } from '@app/identity';
import { IntakeError, ReviewService, RoundsService, RuleSets, type RuleSetDetail } from '@app/intake';
import { rawField } from '../kit/form-fields';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { isRefusal } from '../kit/refusals';
import { chosenRound, RULE_SET_SOURCE_MAX, RULE_SET_STATUS_TAGS, uploadErrorList, uploadProblems, whatIfView } from './rule-set-page';
import { STAFF_AREA } from './staff-area';

const BANNERS: Record<string, string> = { uploaded: 'The draft rule set has been saved', published: 'The rule set has been published', deleted: 'The draft rule set has been deleted' };

/** A version in a path: anything that cannot be one is a page not found, like a version that does not exist. */
function version(value: string): string {
  if (!/^\d{4}-\d{1,6}$/.test(value)) throw new NotFoundException();
  return value;
}

/**
 * Eligibility rule sets without a developer (admins): the list, uploading a
 * draft (RuleSets.upload: every problem shown by rule), a draft's rules and
 * its what-if report against a round's submitted applications
 * (ReviewService.whatIf), publishing it after a confirmation, and deleting a
 * draft. The same services as /api/v1/admin/eligibility/rule-sets.
 */
@InPortalArea(STAFF_AREA)
@ApiExcludeController()
@Controller('portal/staff/rule-sets')
@Roles(['admin'])
export class RuleSetsPages {
  constructor(
    private readonly ruleSets: RuleSets,
    private readonly review: ReviewService,
    private readonly rounds: RoundsService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async list(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    const sets = await this.ruleSets.list();
    const banner = Object.keys(BANNERS).find((k) => query[k] === '1');
    this.pages.send(req, reply, 'staff-rule-sets', {
      title: 'Eligibility rule sets',
      width: 'full',
      sets: sets.map((s) => ({ ...s, statusTag: RULE_SET_STATUS_TAGS[s.status] })),
      banner: banner && BANNERS[banner],
    });
  }

  /** The upload form, empty or (`?from=2026-1`) with a version's YAML to start from. */
  @Get('upload')
  async uploadForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Query('from') from?: string) {
    let source = '';
    if (typeof from === 'string' && /^\d{4}-\d{1,6}$/.test(from)) source = (await this.ruleSets.detail(from).catch(() => undefined))?.source ?? '';
    this.pages.send(req, reply, 'staff-rule-set-upload', { title: 'Upload a draft rule set', source, problems: [], from });
  }

  @Post()
  async upload(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    // Browsers send a textarea's lines ending \r\n; the rule set is stored as typed otherwise.
    const source = rawField(req.body, 'source').replace(/\r\n?/g, '\n');
    const refuse = (text: string) =>
      this.pages.send(req, reply, 'staff-rule-set-upload', { title: 'Upload a draft rule set', source, problems: [], sourceError: text, errorList: [{ href: '#source', text }] }, 422);
    if (!source.trim()) return refuse('Paste the rule set’s YAML');
    if (source.length > RULE_SET_SOURCE_MAX) return refuse(`The rule set must be ${RULE_SET_SOURCE_MAX.toLocaleString('en-GB')} characters or fewer`);
    let saved: RuleSetDetail;
    try {
      saved = await this.ruleSets.upload(source, actor);
    } catch (err) {
      if (err instanceof IntakeError && err.code === 'rule_set_invalid') {
        const problems = uploadProblems(err.errors);
        const count = problems.length === 1 ? 'The rule set has a problem' : `The rule set has ${problems.length} problems`;
        return this.pages.send(req, reply, 'staff-rule-set-upload', { title: 'Upload a draft rule set', source, problems, sourceError: `${count}: fix each one, listed by rule below`, errorList: uploadErrorList(problems) }, 422);
      }
      if (!isRefusal(err)) throw err;
      return refuse(err.message);
    }
    this.pages.redirect(reply, `/portal/staff/rule-sets/${saved.version}?uploaded=1`);
  }

  /** A rule set's rules; for a draft, the what-if report against the round chosen (`?roundId=`, a GET form: nothing is written). */
  @Get(':version')
  async one(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('version') v: string, @Query() query: Record<string, unknown>) {
    const set = await this.detail(version(v));
    const rounds = await this.rounds.list({ openOnly: false });
    const round = chosenRound(rounds, query.roundId);
    const whatIf = round ? whatIfView(await this.review.whatIf(round.id, set.version), round) : undefined;
    const banner = Object.keys(BANNERS).find((k) => query[k] === '1');
    this.pages.send(req, reply, 'staff-rule-set', {
      title: `Rule set ${set.version}`,
      width: 'full',
      set,
      statusTag: RULE_SET_STATUS_TAGS[set.status],
      rounds: rounds.map((r) => ({ value: r.id, text: `${r.name} (rule set ${r.ruleSetVersion})`, selected: r.id === round?.id })),
      whatIf,
      banner: banner && BANNERS[banner],
    });
  }

  /** "This cannot be undone": a published version decides applications and never changes. */
  @Get(':version/publish')
  async publishForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('version') v: string) {
    const set = await this.detail(version(v));
    this.pages.send(req, reply, 'staff-rule-set-publish', { title: `Publish rule set ${set.version}`, set });
  }

  @Post(':version/publish')
  async publish(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('version') v: string, @CurrentActor() actor: Actor) {
    try {
      await this.ruleSets.publish(version(v), actor);
    } catch (err) {
      if (!isRefusal(err)) throw notFound(err);
      const set = await this.detail(v);
      return this.pages.send(req, reply, 'staff-rule-set-publish', { title: `Publish rule set ${set.version}`, set, refused: err.message, errorList: [{ href: '#publish', text: err.message }] }, 422);
    }
    this.pages.redirect(reply, `/portal/staff/rule-sets/${v}?published=1`);
  }

  @Get(':version/delete')
  async deleteForm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('version') v: string) {
    const set = await this.detail(version(v));
    this.pages.send(req, reply, 'staff-rule-set-delete', { title: `Delete draft rule set ${set.version}`, set });
  }

  @Post(':version/delete')
  async remove(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('version') v: string, @CurrentActor() actor: Actor) {
    try {
      await this.ruleSets.removeDraft(version(v), actor);
    } catch (err) {
      if (!isRefusal(err)) throw notFound(err);
      const set = await this.detail(v);
      return this.pages.send(req, reply, 'staff-rule-set-delete', { title: `Delete draft rule set ${set.version}`, set, refused: err.message, errorList: [{ href: '#delete', text: err.message }] }, 422);
    }
    this.pages.redirect(reply, '/portal/staff/rule-sets?deleted=1');
  }

  private detail(v: string): Promise<RuleSetDetail> {
    return this.ruleSets.detail(v).catch((err) => {
      throw notFound(err);
    });
  }
}

/** A version that does not exist is the 404 page. */
function notFound(err: unknown): unknown {
  return err instanceof IntakeError && err.code === 'rule_set_unknown' ? new NotFoundException() : err;
}

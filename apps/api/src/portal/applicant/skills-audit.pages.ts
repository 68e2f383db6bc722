import { Controller, Get, Param, ParseEnumPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig, places } from '@app/config';
import { CurrentActor, Public, SignedIn, type Actor } from '@app/identity';
import { SkillsAuditService, WorkforceError, type SkillsAuditDraft } from '@app/workforce';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { APPLICANT_AREA } from './applicant-area';
import {
  AUDIT_BASE,
  AUDIT_STEPS,
  auditErrorList,
  auditInput,
  checkRows,
  firstIncomplete,
  historyEntries,
  ratingItems,
  stepAnswers,
  stepErrors,
  type AuditStep,
} from './skills-audit-page';

const STEP_TITLE: Record<AuditStep, string> = {
  consent: 'How your answers are used',
  role: 'Your role and where you work',
  skills: 'Your skills',
};
const NEXT: Record<AuditStep, string> = { consent: 'role', role: 'skills', skills: 'check' };
const BACK: Record<AuditStep, string> = { consent: AUDIT_BASE, role: `${AUDIT_BASE}/consent`, skills: `${AUDIT_BASE}/role` };

/**
 * The skills audit, open to anyone signed in (no application needed): a
 * public start page, then consent, role and place of work, skills, check your
 * answers and confirmation; and the person's history of assessments. Answers
 * wait between pages as the person's draft (SkillsAuditService.saveDraft);
 * submitting records a new audit row through SkillsAuditService.record.
 */
@InPortalArea(APPLICANT_AREA)
@ApiExcludeController()
@Controller('portal/skills-audit')
export class SkillsAuditPages {
  constructor(
    private readonly audits: SkillsAuditService,
    private readonly config: AppConfig,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  @Public()
  start(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const signedIn = !!req.principal?.sessionId;
    this.pages.send(req, reply, 'skills-audit-start', { title: 'Practice management skills audit', signedIn, startHref: signedIn ? `${AUDIT_BASE}/consent` : `/portal/sign-in?next=${AUDIT_BASE}/consent` });
  }

  @Get('check')
  @SignedIn()
  async check(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    this.checkPage(req, reply, await this.audits.startingAnswers(actor.userId!), {});
  }

  @Post('check')
  @SignedIn()
  async submit(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const w = this.config.workforce;
    const answers = await this.audits.startingAnswers(actor.userId!);
    const missing = firstIncomplete(answers, w);
    if (missing) return this.checkPage(req, reply, answers, { [missing]: `Answer the questions on “${STEP_TITLE[missing]}” before you submit` }, 422);
    try {
      await this.audits.record(actor.userId!, auditInput(answers, w));
    } catch (err) {
      if (!(err instanceof WorkforceError)) throw err;
      return this.checkPage(req, reply, answers, { consent: err.message }, 422);
    }
    this.pages.redirect(reply, `${AUDIT_BASE}/done`);
  }

  @Get('done')
  @SignedIn()
  async done(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const latest = await this.audits.latest(actor.userId!);
    this.pages.send(req, reply, 'skills-audit-done', { title: 'Skills audit complete', latest });
  }

  @Get('history')
  @SignedIn()
  async history(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const entries = historyEntries(await this.audits.history(actor.userId!), this.config.workforce);
    this.pages.send(req, reply, 'skills-audit-history', { title: 'Your skills over time', entries });
  }

  @Get(':step')
  @SignedIn()
  async step(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Param('step', new ParseEnumPipe(AUDIT_STEPS)) step: AuditStep) {
    this.stepPage(req, reply, step, await this.audits.startingAnswers(actor.userId!), {});
  }

  @Post(':step')
  @SignedIn()
  async saveStep(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Param('step', new ParseEnumPipe(AUDIT_STEPS)) step: AuditStep) {
    const w = this.config.workforce;
    const posted = stepAnswers(step, req.body, w);
    const errors = stepErrors(step, posted, w);
    if (Object.keys(errors).length) return this.stepPage(req, reply, step, { ...(await this.audits.startingAnswers(actor.userId!)), ...posted }, errors, 422);
    await this.audits.saveDraft(actor.userId!, posted);
    this.pages.redirect(reply, `${AUDIT_BASE}/${NEXT[step]}`);
  }

  private stepPage(req: PortalRequest, reply: FastifyReply, step: AuditStep, answers: SkillsAuditDraft, errors: Record<string, string>, status = 200): void {
    const w = this.config.workforce;
    this.pages.send(
      req,
      reply,
      `skills-audit-${step}`,
      { title: STEP_TITLE[step], values: answers, errors, errorList: auditErrorList(errors), back: BACK[step], regions: places(w), roles: w.currentRoles, competencies: w.competencies, ratings: ratingItems(w) },
      status,
    );
  }

  private checkPage(req: PortalRequest, reply: FastifyReply, answers: SkillsAuditDraft, errors: Record<string, string>, status = 200): void {
    const errorList = Object.entries(errors).map(([name, text]) => ({ href: (AUDIT_STEPS as readonly string[]).includes(name) ? `${AUDIT_BASE}/${name}` : `${AUDIT_BASE}/consent`, text }));
    this.pages.send(req, reply, 'skills-audit-check', { title: 'Check your answers', rows: checkRows(answers, this.config.workforce), errorList }, status);
  }
}

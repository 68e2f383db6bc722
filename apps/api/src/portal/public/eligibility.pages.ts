import { Controller, Get, Param, ParseEnumPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { Public } from '@app/identity';
import { EligibilityCheckService, IntakeError, ProfileService } from '@app/intake';
import { ELIGIBILITY_WORDS } from '../applicant/application-page';
import { profileProblemText } from '../applicant/profile-form';
import { FormTokens } from '../kit/form-tokens';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { CheckerCookie } from './eligibility-cookie';
import {
  backPath,
  CHECKER_BASE,
  FIELD_PAGE,
  checkerAnswers,
  checkRows,
  firstUnanswered,
  journey,
  nextPath,
  postedValues,
  QUESTION_SLUGS,
  questionErrorList,
  questionErrors,
  questionPage,
  serviceFields,
  type CheckerValues,
  type QuestionSlug,
} from './eligibility-questions';
import { PUBLIC_AREA } from './public-area';

const TITLE = 'Check if you can get a bursary';

/**
 * "Am I eligible?" for anyone, signed in or not, as NHS question pages: a
 * start page, one question a page (only those the newest published rules
 * need, skipping those that do not apply), check your answers, and the
 * result from EligibilityCheckService. Answers wait between pages in a sealed
 * cookie (CheckerCookie); nothing is stored. Signed out, each form carries a
 * FormTokens token so another site cannot post answers into someone's check.
 */
@InPortalArea(PUBLIC_AREA)
@ApiExcludeController()
@Controller('portal/eligibility')
@Public()
export class EligibilityPages {
  constructor(
    private readonly checker: EligibilityCheckService,
    private readonly profiles: ProfileService,
    private readonly cookie: CheckerCookie,
    private readonly formTokens: FormTokens,
    private readonly config: AppConfig,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  start(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    this.pages.send(req, reply, 'eligibility-start', { title: TITLE, startHref: `${CHECKER_BASE}/${QUESTION_SLUGS[0]}` });
  }

  @Get('check-answers')
  async checkAnswers(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const values = this.cookie.read(req);
    const facts = await this.checker.factsRead();
    const missing = firstUnanswered(values, facts, this.config.workforce);
    if (missing) return this.pages.redirect(reply, `${CHECKER_BASE}/${missing}`);
    const steps = journey(values, facts, this.config.workforce);
    this.pages.send(req, reply, 'eligibility-check', { title: 'Check your answers', rows: checkRows(values, facts, this.config.workforce), back: `${CHECKER_BASE}/${steps[steps.length - 1]}` });
  }

  @Get('result')
  async result(@Req() req: PortalRequest, @Res() reply: FastifyReply) {
    const values = this.cookie.read(req);
    const facts = await this.checker.factsRead();
    const missing = firstUnanswered(values, facts, this.config.workforce);
    if (missing) return this.pages.redirect(reply, `${CHECKER_BASE}/${missing}`);
    let result;
    try {
      result = await this.checker.checkAnswers(checkerAnswers(values, facts, this.config.workforce));
    } catch (err) {
      // An answer that was good when given can go bad (a birthday a century ago today): ask that question again.
      if (!(err instanceof IntakeError) || err.code !== 'invalid_profile') throw err;
      const page = FIELD_PAGE[err.errors?.[0]?.field ?? ''] ?? QUESTION_SLUGS[0];
      return this.pages.redirect(reply, `${CHECKER_BASE}/${page}?change=1`);
    }
    this.pages.send(req, reply, 'eligibility-result', { title: 'Your result', result, outcome: ELIGIBILITY_WORDS[result.outcome] });
  }

  @Get(':question')
  async question(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('question', new ParseEnumPipe(QUESTION_SLUGS)) slug: QuestionSlug) {
    const values = this.cookie.read(req);
    const facts = await this.checker.factsRead();
    const steps = journey(values, facts, this.config.workforce);
    const missing = firstUnanswered(values, facts, this.config.workforce);
    // A question that does not apply, or one past an unanswered one, sends the person to where they are.
    if (!steps.includes(slug) || (missing && steps.indexOf(missing) < steps.indexOf(slug))) {
      return this.pages.redirect(reply, missing ? `${CHECKER_BASE}/${missing}` : `${CHECKER_BASE}/check-answers`);
    }
    this.questionPage(req, reply, slug, values, facts, {});
  }

  @Post(':question')
  async answer(@Req() req: PortalRequest, @Res() reply: FastifyReply, @Param('question', new ParseEnumPipe(QUESTION_SLUGS)) slug: QuestionSlug) {
    const saved = this.cookie.read(req);
    const facts = await this.checker.factsRead();
    const posted = postedValues(slug, req.body);
    const values = { ...saved, ...posted };
    if (this.formTokens.refused(req)) {
      return this.questionPage(req, reply, slug, values, facts, { [questionPage(slug, values, this.config.workforce).name]: 'The form had expired or did not come from this site. Answer the question again' }, 400);
    }
    const w = this.config.workforce;
    let errors = questionErrors(slug, values, w);
    if (!Object.keys(errors).length) errors = profileProblemText(this.profiles.checkAnswers(serviceFields(slug, posted)));
    if (Object.keys(errors).length) return this.questionPage(req, reply, slug, values, facts, errors, 422);
    this.cookie.write(reply, values);
    this.pages.redirect(reply, nextPath(slug, values, facts, w, isChange(req)));
  }

  private questionPage(req: PortalRequest, reply: FastifyReply, slug: QuestionSlug, values: CheckerValues, facts: Parameters<typeof journey>[1], errors: Record<string, string>, status = 200) {
    const w = this.config.workforce;
    const change = isChange(req);
    const question = questionPage(slug, values, w);
    this.pages.send(
      req,
      reply,
      'eligibility-question',
      {
        title: question.heading,
        question,
        values,
        errors,
        errorList: questionErrorList(errors),
        back: backPath(slug, values, facts, w, change),
        action: `${CHECKER_BASE}/${slug}${change ? '?change=1' : ''}`,
        formToken: this.formTokens.issue(req, reply),
      },
      status,
    );
  }
}

function isChange(req: PortalRequest): boolean {
  return (req.query as Record<string, unknown> | undefined)?.change === '1';
}

import { Injectable } from '@nestjs/common';
import type { Actor } from '@app/identity';
import { ApplicationsService, RoundsService } from '@app/intake';
import type { PortalRequest } from '../kit/pages';
import { roundsPage, type RoundsProblem } from './rounds-page';

/** Gathers the open rounds page: the rounds open now and, for a signed-in applicant, their applications. */
@Injectable()
export class RoundsPageLoader {
  constructor(
    private readonly rounds: RoundsService,
    private readonly applications: ApplicationsService,
  ) {}

  /** The rounds page's context; `problem` when an Apply button was refused (the applicant's draft pages show it here). */
  async load(req: PortalRequest, actor: Actor, problem?: RoundsProblem) {
    const signedInApplicant = !!req.principal?.sessionId && req.principal.role === 'applicant';
    const [rounds, mine] = await Promise.all([this.rounds.list({ openOnly: true }), signedInApplicant ? this.applications.list(actor) : []]);
    return roundsPage(rounds, mine, req.principal?.role, signedInApplicant, problem);
  }
}

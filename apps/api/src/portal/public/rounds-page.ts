import type { ApplicationView, RoundView } from '@app/intake';

/** Why starting an application was refused, and in which round (the summary links to it). */
export interface RoundsProblem {
  text: string;
  roundId?: string;
}

/**
 * The open rounds page: each qualification with an Apply button for a
 * signed-in applicant (or a link to their application in that round, when
 * they have one that is not withdrawn), sign-in and register links for
 * everyone else; `problem` when starting an application was refused.
 */
export function roundsPage(rounds: RoundView[], mine: Pick<ApplicationView, 'id' | 'roundId' | 'status'>[], role: string | undefined, canApply: boolean, problem?: RoundsProblem) {
  // An application still going in a round (a withdrawn one does not stop another).
  const applied = new Map(mine.filter((a) => a.status !== 'withdrawn').map((a) => [a.roundId, a.id]));
  const anchor = problem?.roundId && rounds.some((r) => r.id === problem.roundId) ? `#round-${problem.roundId}` : '#rounds';
  return {
    title: 'Funding rounds open now',
    rounds: rounds.map((r) => ({ ...r, applicationId: applied.get(r.id) })),
    role,
    canApply,
    errorList: problem ? [{ href: anchor, text: problem.text }] : [],
  };
}

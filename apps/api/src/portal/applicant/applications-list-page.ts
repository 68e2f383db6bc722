import type { ApplicationView } from '@app/intake';
import { STATUS_WORDS } from './application-page';

/** The applicant's applications as the list shows them: reference, qualification and round by name, status in words, last change. */
export function applicationsListPage(
  applications: ApplicationView[],
  qualifications: { id: string; title: string }[],
  rounds: { id: string; name: string }[],
  emailVerified: boolean,
  emailSent: boolean,
) {
  const titles = new Map(qualifications.map((q) => [q.id, q.title]));
  const roundNames = new Map(rounds.map((r) => [r.id, r.name]));
  const rows = applications.map((a) => ({
    id: a.id,
    reference: a.reference,
    qualificationTitle: titles.get(a.qualificationId) ?? 'Qualification',
    roundName: roundNames.get(a.roundId) ?? '',
    status: STATUS_WORDS[a.status],
    updatedAt: a.history.at(-1)?.at ?? a.createdAt,
  }));
  const banner = emailSent ? 'We have sent you a new link to confirm your email address' : undefined;
  return { title: 'Your applications', width: 'full', applications: rows, emailVerified, banner };
}

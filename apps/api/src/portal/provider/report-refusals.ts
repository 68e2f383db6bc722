import type { FieldProblem } from '@app/http';
import { TrainingError } from '@app/training';
import { isRefusal } from '../kit/refusals';

/** The problems to show on the form, or undefined for an error the error page shows. */
export function reportRefusal(err: unknown): FieldProblem[] | undefined {
  if (err instanceof TrainingError && err.code === 'invalid_report') return err.errors ?? [];
  if (isRefusal(err)) return [{ field: 'type', message: err.message }];
  return undefined;
}

/** Why the service would not void the report, for the void page; undefined for an error the error page shows. */
export function voidRefusal(err: unknown): string | undefined {
  // "Not the latest report" (another came in since the page was drawn) is the provider's to read on the page;
  // a report that is not this learner's at all still reaches the 404 page, from voidPage.
  if (err instanceof TrainingError && err.code === 'report_not_found') return err.message;
  return isRefusal(err) ? err.message : undefined;
}


import type { PotView, YearEndInput } from '@app/budget';
import { field, type FormBody } from '../kit/form-fields';

/** Pots at or past a threshold of use (80%, 90%, 100% of their funding held or spent), most used first. */
export function potsNearThresholds(pots: PotView[], thresholds: readonly number[]): (PotView & { percentUsed: number; threshold: number })[] {
  const lowest = Math.min(...thresholds);
  return pots
    .filter((p) => !p.closedAt && p.fundedPence > 0)
    .map((p) => {
      const used = p.fundedPence - p.availablePence;
      // Whole percent, rounded down, so a pot is never reported past a threshold it has not reached.
      const percentUsed = Math.floor((used * 100) / p.fundedPence);
      const threshold = Math.max(0, ...thresholds.filter((t) => used * 100 >= t * p.fundedPence));
      return { ...p, percentUsed, threshold };
    })
    .filter((p) => p.percentUsed >= lowest)
    .sort((a, b) => b.percentUsed - a.percentUsed);
}

export interface YearEndFormValues {
  financialYear: string;
  reservations: string;
  commitments: string;
  unspent: string;
  toPotId: string;
  reason: string;
}

/** The year end form, checked for what a person can get wrong before the service's own checks. */
export function yearEndForm(body: FormBody): { values: YearEndFormValues; errors: Record<string, string>; input?: YearEndInput } {
  const values = {
    financialYear: field(body, 'financialYear'),
    reservations: field(body, 'reservations'),
    commitments: field(body, 'commitments'),
    unspent: field(body, 'unspent'),
    toPotId: field(body, 'toPotId'),
    reason: field(body, 'reason'),
  };
  const errors: Record<string, string> = {};
  if (!/^\d{4}-\d{2}$/.test(values.financialYear)) errors.financialYear = 'Choose the financial year that has ended';
  if (!['carry', 'release'].includes(values.reservations)) errors.reservations = 'Choose what happens to offers not yet started';
  if (!['carry', 'release'].includes(values.commitments)) errors.commitments = 'Choose what happens to started learners’ unpaid money';
  if (!['carry', 'keep'].includes(values.unspent)) errors.unspent = 'Choose what happens to money nobody holds';
  const carrying = values.reservations === 'carry' || values.commitments === 'carry' || values.unspent === 'carry';
  if (carrying && !values.toPotId) errors.toPotId = 'Choose next year’s pot to carry money into';
  if (!values.reason) errors.reason = 'Enter the reason, for example the programme board’s decision';
  else if (values.reason.length > 1000) errors.reason = 'The reason must be 1,000 characters or fewer';
  if (Object.keys(errors).length) return { values, errors };
  return {
    values,
    errors,
    input: {
      financialYear: values.financialYear,
      reservations: values.reservations as 'carry' | 'release',
      commitments: values.commitments as 'carry' | 'release',
      unspent: values.unspent as 'carry' | 'keep',
      toPotId: carrying ? values.toPotId : undefined,
      reason: values.reason,
    },
  };
}

export const YEAR_END_IDS: Record<string, string> = { financialYear: 'financialYear', reservations: 'reservations', commitments: 'commitments', unspent: 'unspent', toPotId: 'toPotId', reason: 'reason' };

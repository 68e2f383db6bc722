import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CURRENT = readFileSync(join(__dirname, '../../config/eligibility/2026-1.yaml'), 'utf8');

/** 2026-1 as a new draft version that raises the minimum age to 18; `broken` adds an expression using a fact that does not exist. */
export function draftRules(version: string, options: { broken?: boolean } = {}): string {
  const text = CURRENT.replace(/version: ["']?2026-1["']?/, `version: "${version}"`)
    .replace(/status: published/, 'status: draft')
    .replace(/aged_16_or_over/, 'aged_18_or_over')
    .replace(/ageYears >= 16/, options.broken ? 'ageYears >= 18 && hasPassport' : 'ageYears >= 18')
    .replace(/You must be aged 16 or over\./, 'You must be aged 18 or over.');
  if (!text.includes('ageYears >= 18') || !text.includes('aged 18 or over.')) throw new Error('could not derive the draft rule set');
  return text;
}

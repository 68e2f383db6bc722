import { ORGANISATION_CODE, ORGANISATION_KIND_WORDS, ORGANISATION_KINDS, type DeclaredOrganisation, type OrganisationKind } from '@app/intake';

/** The conflicts pages' state, from plain facts: the declaration form checked, the rows of the tables. */

/** The form as typed: the kind and the code, or the errors by field. */
export function declarationForm(kind: string, code: string): { input?: { kind: OrganisationKind; code: string }; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const upper = code.trim().toUpperCase();
  if (!ORGANISATION_KINDS.includes(kind as OrganisationKind)) errors.kind = 'Choose what kind of organisation it is';
  if (!upper) errors.code = "Enter the organisation's code";
  else if (!errors.kind) {
    const shape = ORGANISATION_CODE[kind as OrganisationKind];
    if (!shape.pattern.test(upper)) errors.code = `Enter ${shape.words}, like ${shape.example}`;
  }
  return Object.keys(errors).length ? { errors } : { input: { kind: kind as OrganisationKind, code: upper }, errors };
}

/** A declaration as a table row reads it: the kind in words, its name where known. */
export function declarationRow(d: DeclaredOrganisation) {
  return { ...d, kindText: ORGANISATION_KIND_WORDS[d.kind], nameText: d.name ?? 'Not in our list of practices' };
}

/** The kinds as radio items, with the code each needs as hint. */
export function kindItems(selected: string) {
  return ORGANISATION_KINDS.map((k) => ({ value: k, text: ORGANISATION_KIND_WORDS[k], hint: { text: `${ORGANISATION_CODE[k].words[0].toUpperCase()}${ORGANISATION_CODE[k].words.slice(1)}, like ${ORGANISATION_CODE[k].example}` }, checked: k === selected }));
}

/** class-transformer helpers every DTO shares. */

/** Trims text input; other values pass through for the validators to judge. */
export const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A query-string number: absent or empty stays absent, anything else becomes a Number for @IsInt to judge. */
export const queryInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

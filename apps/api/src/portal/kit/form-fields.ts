/** A posted form, by field name (URL-encoded, or multipart fields as values). */
export type FormBody = Record<string, unknown> | undefined;

/** A form field as text, trimmed ('' when absent or not text). */
export function field(body: FormBody, name: string): string {
  const value = body?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** A list's page number from the URL: a whole number from 1 to `max`; 1 when absent or not a number. */
export function pageNumber(query: FormBody, max: number): number {
  return Math.max(1, Math.min(max, Number.parseInt(field(query, 'page') || '1', 10) || 1));
}

/** A field as typed, not trimmed: passwords, where spaces count. */
export function rawField(body: FormBody, name: string): string {
  const value = body?.[name];
  return typeof value === 'string' ? value : '';
}

/**
 * A required free-text field (a reason, a statement), trimmed, or the error
 * to show beside it: missing, shorter than `min`, or longer than `max`.
 */
export function boundedText(
  body: FormBody,
  name: string,
  bounds: { max: number; tooLong: string; missing: string; min?: number; tooShort?: string },
): { text: string; error?: string } {
  const text = field(body, name);
  if (!text) return { text, error: bounds.missing };
  if (bounds.min !== undefined && text.length < bounds.min) return { text, error: bounds.tooShort };
  if (text.length > bounds.max) return { text, error: bounds.tooLong };
  return { text };
}

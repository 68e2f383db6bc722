/** How long a provider's free text on a report may be: the CSV rules, the API's DTOs and the portal's forms read these. */

/** A withdrawal, deferral or turn-down note. */
export const REPORT_NOTE_MAX = 1000;

/** A completion's certificate reference. */
export const CERTIFICATE_REFERENCE_MAX = 100;

/** The reason for voiding a report through the API (VoidDto). */
export const VOID_REASON = { min: 3, max: 1000 } as const;

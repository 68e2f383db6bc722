/**
 * Personal data and secrets never reach the logs. Field names here cover the
 * API's bodies and headers; pino replaces their values with "[redacted]".
 */
const SENSITIVE_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'otp',
  'secret',
  'key',
  'apiKey',
  'email',
  'fullName',
  'dateOfBirth',
  'postcode',
  'phone',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...SENSITIVE_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

const SENSITIVE_QUERY = /([?&](?:token|key|email|code)=)[^&#]*/gi;

/** Drops sensitive query values from a logged URL (an emailed link's token, say). */
export function redactUrlQuery(url: string | undefined): string | undefined {
  return url?.replace(SENSITIVE_QUERY, '$1[redacted]');
}

import { createHash } from 'node:crypto';
import type { MailboxMessage } from '@app/notifications';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE =
  'body{font-family:Arial,Helvetica,sans-serif;color:#212b32;margin:0;background:#f0f4f5}' +
  'header{background:#005eb8;color:#fff;padding:16px 24px;font-size:19px;font-weight:bold}' +
  'main{padding:16px 24px}table{border-collapse:collapse;width:100%;background:#fff}' +
  'th,td{text-align:left;padding:8px 12px;border-bottom:1px solid #d8dde0;vertical-align:top}' +
  'a{color:#005eb8}.muted{color:#4c6272;font-size:14px}';

/** The list page's CSP: the app's strict policy, with only this page's own stylesheet allowed by its hash. */
export const LIST_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** A message's own page shows the email's HTML as a mail client would: its inline styles, no scripts, nothing fetched. */
export const MESSAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/** The development mailbox as a page: newest first, each message linked to its rendered HTML and its plain text. */
export function mailboxPage(messages: MailboxMessage[]): string {
  const rows = messages
    .map(
      (m) =>
        `<tr><td>${m.id}</td><td>${escape(m.receivedAt.replace('T', ' ').slice(0, 19))}</td><td>${escape(m.to.join(', '))}</td>` +
        `<td><a href="/dev/mailbox/${m.id}">${escape(m.subject || '(no subject)')}</a></td>` +
        `<td><a href="/dev/mailbox/${m.id}/text">plain text</a></td></tr>`,
    )
    .join('');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Development mailbox</title><style>${STYLE}</style></head><body>` +
    `<header>Development mailbox</header><main>` +
    `<p class="muted">Email the system sent while SMTP_URL is unset, newest first (the newest 500 are kept, in memory). JSON: <a href="/dev/mailbox.json">/dev/mailbox.json</a></p>` +
    (messages.length
      ? `<table><thead><tr><th>#</th><th>received (UTC)</th><th>to</th><th>subject</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
      : `<p>No email yet. Register an account or ask for a password reset, and it appears here.</p>`) +
    `</main></body></html>`
  );
}

/** A message's HTML as sent, or its text when it has no HTML. */
export function messagePage(m: MailboxMessage): string {
  return m.html ?? `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(m.subject ?? '')}</title></head><body><pre>${escape(m.text ?? '')}</pre></body></html>`;
}

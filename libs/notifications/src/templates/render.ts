import { TOPIC, type Recipient, type Topic } from '../topics';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface TemplateContext {
  recipient: Recipient;
  programmeName: string;
  baseUrl: string;
  data: Record<string, unknown>;
  /** The full link carrying a token, when the message has one. */
  link?: string;
}

/** Pounds only here, at the edge: 50000 -> "£500", 12345 -> "£123.45". */
const pounds = (pence: unknown) => {
  const n = Number(pence);
  return `£${(n / 100).toLocaleString('en-GB', { minimumFractionDigits: n % 100 ? 2 : 0, maximumFractionDigits: 2 })}`;
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Plain English, key fact first (GOV.UK Notify style). Issue 8 moves these to Nunjucks files. */
const templates: Record<Topic, (c: TemplateContext) => { subject: string; paragraphs: string[] }> = {
  [TOPIC.verifyEmail]: (c) => ({
    subject: `Confirm your email address for the ${c.programmeName}`,
    paragraphs: [
      `Dear ${c.recipient.fullName},`,
      'Confirm your email address to finish setting up your account. You need to do this before you can submit a bursary application.',
      `Confirm your email address: ${c.link}`,
      'The link works once and expires in 24 hours. If you did not create an account, you can ignore this email.',
    ],
  }),
  [TOPIC.passwordReset]: (c) => ({
    subject: `Reset your password for the ${c.programmeName}`,
    paragraphs: [
      `Dear ${c.recipient.fullName},`,
      'We received a request to reset your password.',
      `Choose a new password: ${c.link}`,
      'The link works once and expires in 1 hour. If you did not ask to reset your password, you can ignore this email: your password has not changed.',
    ],
  }),
  [TOPIC.applicationSubmitted]: (c) => ({
    subject: `We have received your bursary application ${String(c.data.reference ?? '')}`.trim(),
    paragraphs: [
      `Dear ${c.recipient.fullName},`,
      c.data.outcome === 'eligible'
        ? 'Your application meets the eligibility rules and is now waiting for review.'
        : c.data.outcome === 'refer'
          ? 'A member of the programme team needs to look at your application before it can go forward. We will tell you what happens next.'
          : 'Your application does not meet the eligibility rules. You can see the reasons in your account, and you can appeal within 28 days.',
      `Follow your application: ${c.baseUrl}/applications/${String(c.data.applicationId)}`,
    ],
  }),
  [TOPIC.offerMade]: (c) => ({
    subject: `You have been offered a bursary: ${String(c.data.reference ?? '')}`.trim(),
    paragraphs: [
      `Dear ${c.recipient.fullName},`,
      `You have been offered a bursary of ${pounds(c.data.amountPence)}${c.data.promoted ? ' from the waiting list' : ''}.`,
      `Accept or decline your offer: ${c.baseUrl}/applications/${String(c.data.applicationId)}`,
      'If you do not answer within 14 days, the offer expires and the money goes to someone on the waiting list.',
    ],
  }),
  [TOPIC.waitlisted]: (c) => ({
    subject: `Your bursary application ${String(c.data.reference ?? '')} is on the waiting list`,
    paragraphs: [
      `Dear ${c.recipient.fullName},`,
      c.data.reason === 'insufficient_funds'
        ? 'Your application was approved, but the money for this round is fully allocated at the moment. You are on the waiting list: as money is released, applications are offered in priority order.'
        : 'Your application is on the waiting list. As money is released, applications are offered in priority order.',
      `Follow your application: ${c.baseUrl}/applications/${String(c.data.applicationId)}`,
    ],
  }),
  [TOPIC.offerExpired]: (c) => ({
    subject: `Your bursary offer ${String(c.data.reference ?? '')} has expired`,
    paragraphs: [`Dear ${c.recipient.fullName},`, 'Your bursary offer has expired because it was not accepted in time. The money has gone back to the programme.', `Your application: ${c.baseUrl}/applications/${String(c.data.applicationId)}`],
  }),
  [TOPIC.invitation]: (c) => ({
    subject: `You have been invited to the ${c.programmeName} administration system`,
    paragraphs: [
      `Dear ${c.recipient.fullName},`,
      `You have been given a ${String(c.data.role)} account${c.data.providerName ? ` for ${String(c.data.providerName)}` : ''}.`,
      `Set your password to start: ${c.link}`,
      'The link works once and expires in 7 days.',
    ],
  }),
};

/** Renders a message: subject, plain text (no HTML) and a simple HTML version. */
export function renderEmail(topic: Topic, context: TemplateContext): RenderedEmail {
  const { subject, paragraphs } = templates[topic](context);
  const text = paragraphs.join('\n\n') + `\n\n${context.programmeName}\n`;
  const html =
    `<!doctype html><html lang="en"><body style="font-family: Arial, sans-serif; font-size: 16px; color: #212b32">` +
    `<div style="background:#005eb8;color:#fff;padding:12px 16px;font-weight:bold">${escape(context.programmeName)}</div>` +
    paragraphs
      .map((p) => `<p>${escape(p).replace(/(https?:\/\/[^\s<]+)/g, (url) => `<a href="${url}">${url}</a>`)}</p>`)
      .join('') +
    `</body></html>`;
  return { subject, text, html };
}

import { Controller, Get, Headers, OnModuleInit, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@app/identity';
import { DevMailbox, type MailboxMessage } from '@app/notifications';
import { LIST_CSP, mailboxPage, MESSAGE_CSP, messagePage } from './dev-mailbox.page';

async function messages(): Promise<MailboxMessage[]> {
  return (await DevMailbox.current())?.list() ?? [];
}

/**
 * The development mailbox: email sent while SMTP_URL is unset, newest first.
 * AppModule mounts it only outside production and without SMTP_URL; an
 * API-only process (no worker) has no mailbox to show and lists nothing.
 *
 * GET /dev/mailbox is a page (JSON with `Accept: application/json`, or at
 * /dev/mailbox.json); each message is rendered at /dev/mailbox/:id with its
 * own relaxed CSP (the email's inline styles, nothing else) and its plain
 * text at /dev/mailbox/:id/text. Those three are served straight by the HTTP
 * adapter, outside /api/v1, like the list; all are public, development only.
 */
@ApiExcludeController()
@Controller('dev/mailbox')
export class DevMailboxController implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  @Get()
  @Public()
  async list(@Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: unknown): Promise<string | { messages: MailboxMessage[] }> {
    const all = await messages();
    if (/application\/json/.test(accept ?? '') && !/text\/html/.test(accept ?? '')) return { messages: all };
    const http = this.adapterHost.httpAdapter;
    http.setHeader(res, 'content-type', 'text/html; charset=utf-8');
    http.setHeader(res, 'content-security-policy', LIST_CSP);
    return mailboxPage(all);
  }

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter;
    const send = (res: unknown, status: number, type: string, body: unknown, csp?: string) => {
      http.setHeader(res, 'content-type', type);
      if (csp) http.setHeader(res, 'content-security-policy', csp);
      http.setHeader(res, 'cache-control', 'no-store');
      http.reply(res, body, status);
    };
    const find = async (req: { params?: Record<string, string> }) => {
      const id = Number(req.params?.id);
      return Number.isInteger(id) ? (await DevMailbox.current())?.get(id) : undefined;
    };
    http.get('/dev/mailbox.json', async (_req: unknown, res: unknown) => send(res, 200, 'application/json; charset=utf-8', JSON.stringify({ messages: await messages() })));
    http.get('/dev/mailbox/:id', async (req: { params?: Record<string, string> }, res: unknown) => {
      const m = await find(req);
      if (!m) return send(res, 404, 'text/plain; charset=utf-8', 'No such message in the development mailbox');
      send(res, 200, 'text/html; charset=utf-8', messagePage(m), MESSAGE_CSP);
    });
    http.get('/dev/mailbox/:id/text', async (req: { params?: Record<string, string> }, res: unknown) => {
      const m = await find(req);
      if (!m) return send(res, 404, 'text/plain; charset=utf-8', 'No such message in the development mailbox');
      send(res, 200, 'text/plain; charset=utf-8', m.text ?? '');
    });
  }
}

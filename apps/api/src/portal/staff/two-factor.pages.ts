import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { toString as qrSvg } from 'qrcode';
import { AccountsService, CurrentActor, IdentityError, Roles, type Actor } from '@app/identity';
import { safeNext } from '../kit/account-forms';
import { field, rawField } from '../kit/form-fields';
import { InPortalArea } from '../kit/navigation';
import { PortalPages, type PortalRequest } from '../kit/pages';
import { ACCOUNT_AREA } from './account-area';
import { proofFromForm, refusalErrors, removePage, twoFactorSetupPage, twoFactorStatusPage } from './two-factor-page';

/** Everyone who signs in with a second factor: provider users and programme staff. */
const WITH_TWO_FACTOR = ['provider', 'reviewer', 'finance', 'admin'] as const;
const HERE = '/portal/account/two-factor';

/** The authenticator link as a QR code: an SVG drawn here, shown as an image (no script, nothing fetched). */
async function qrDataUrl(otpauthUrl: string): Promise<string> {
  const svg = await qrSvg(otpauthUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/**
 * Two-factor authentication on pages, through the same AccountsService as
 * /api/v1/me/mfa/*: set it up (a QR code and the secret to type instead,
 * and ten recovery codes shown once), confirm it with a code, set it up again
 * on a new phone or switch it off (each needing the current password and a
 * code). A staff member who must set it up first reaches only these pages.
 * A page they were sent to sign in for (`next`, a portal path) is carried
 * through the set-up and linked once it is on.
 */
@InPortalArea(ACCOUNT_AREA)
@ApiExcludeController()
@Controller('portal/account/two-factor')
@Roles(WITH_TWO_FACTOR, { duringMfaSetup: true })
export class TwoFactorPages {
  constructor(
    private readonly accounts: AccountsService,
    private readonly pages: PortalPages,
  ) {}

  @Get()
  async status(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @Query('done') done?: string, @Query('next') next?: string) {
    await this.statusPage(req, reply, actor, {}, 200, done, safeNext(next));
  }

  /** Starts a set-up (POST: it makes a new secret). Where two-factor is on already, this is moving it to a new phone. */
  @Post('start')
  async start(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const me = await this.accounts.me(actor);
    const next = safeNext(field(req.body, 'next'));
    let proof = {};
    if (me.mfaEnabled) {
      const { values, errors } = proofFromForm(rawField(req.body, 'currentPassword'), field(req.body, 'code'));
      if (Object.keys(errors).length) return this.statusPage(req, reply, actor, errors, 422, undefined, next);
      proof = values;
    } else if (!actor.mfaSetupOnly) {
      // A first set-up asks for the password (a session someone else holds must not put their phone on the account).
      const currentPassword = rawField(req.body, 'currentPassword');
      if (!currentPassword) return this.statusPage(req, reply, actor, { currentPassword: 'Enter your current password' }, 422, undefined, next);
      proof = { currentPassword };
    }
    try {
      const setup = await this.accounts.beginMfa(actor, proof);
      this.pages.send(req, reply, 'two-factor-setup', { ...twoFactorSetupPage({ secret: setup.secret, qrDataUrl: await qrDataUrl(setup.otpauthUrl), recoveryCodes: setup.recoveryCodes }), next });
    } catch (err) {
      const errors = err instanceof IdentityError ? refusalErrors(err.code) : undefined;
      if (!errors) throw err;
      await this.statusPage(req, reply, actor, errors, 422, undefined, next);
    }
  }

  @Post('confirm')
  async confirm(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const otp = field(req.body, 'otp');
    const next = safeNext(field(req.body, 'next'));
    if (!/^\d{6}$/.test(otp)) return this.setupAgain(req, reply, actor, { otp: 'Enter the 6-digit code your authenticator app shows now' }, next);
    try {
      await this.accounts.confirmMfa(actor, otp);
    } catch (err) {
      const errors = err instanceof IdentityError ? refusalErrors(err.code, 'otp') : undefined;
      if (!errors) throw err;
      return this.setupAgain(req, reply, actor, errors, next);
    }
    this.pages.redirect(reply, `${HERE}?done=on${next ? `&next=${encodeURIComponent(next)}` : ''}`);
  }

  /** Switching it off asks first (and only where it may be switched off). */
  @Get('remove')
  async removePage(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const me = await this.accounts.me(actor);
    if (!me.mfaEnabled || !this.accounts.mayRemoveMfa(me.role)) return this.pages.redirect(reply, HERE);
    this.pages.send(req, reply, 'two-factor-remove', removePage({}));
  }

  @Post('remove')
  async remove(@Req() req: PortalRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor) {
    const { values, errors } = proofFromForm(rawField(req.body, 'currentPassword'), field(req.body, 'code'));
    if (Object.keys(errors).length) return this.pages.send(req, reply, 'two-factor-remove', removePage(errors), 422);
    try {
      await this.accounts.removeMfa(actor, values);
    } catch (err) {
      const refused = err instanceof IdentityError ? refusalErrors(err.code) : undefined;
      if (!refused) throw err;
      return this.pages.send(req, reply, 'two-factor-remove', removePage(refused), 422);
    }
    this.pages.redirect(reply, `${HERE}?done=off`);
  }

  private async statusPage(req: PortalRequest, reply: FastifyReply, actor: Actor, errors: Record<string, string>, status = 200, done?: string, next?: string) {
    const me = await this.accounts.me(actor);
    const facts = { enabled: me.mfaEnabled, required: !this.accounts.mayRemoveMfa(me.role), setupRequired: !!actor.mfaSetupOnly, done };
    this.pages.send(req, reply, 'two-factor', { ...twoFactorStatusPage(facts, errors), next }, status);
  }

  /** The set-up page again after a wrong code: the same secret (the recovery codes were shown once, when it began). */
  private async setupAgain(req: PortalRequest, reply: FastifyReply, actor: Actor, errors: Record<string, string>, next?: string) {
    const pending = await this.accounts.pendingMfa(actor);
    if (!pending) return this.pages.redirect(reply, HERE);
    this.pages.send(req, reply, 'two-factor-setup', { ...twoFactorSetupPage({ secret: pending.secret, qrDataUrl: await qrDataUrl(pending.otpauthUrl) }, errors), next }, 422);
  }
}

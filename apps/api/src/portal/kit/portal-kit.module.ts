import { Module } from '@nestjs/common';
import { FormTokens } from './form-tokens';
import { PortalPages } from './pages';

/**
 * What every audience's pages share: the page sender (layout, navigation,
 * CSRF token) and the form tokens for forms shown before sign-in. The rest of
 * the kit (form fields, refusals, the error page, the views loader, Fastify
 * plugins) is plain functions.
 */
@Module({
  providers: [PortalPages, FormTokens],
  exports: [PortalPages, FormTokens],
})
export class PortalKitModule {}

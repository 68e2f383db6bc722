import { Module, type Type } from '@nestjs/common';
import { IntakeModule } from '@app/intake';
import { PortalKitModule } from '../kit/portal-kit.module';
import { CheckerCookie } from './eligibility-cookie';
import { EligibilityPages } from './eligibility.pages';
import { LinkPages } from './links.pages';
import { RegisterPages } from './register.pages';
import { RoundsPageLoader } from './rounds-loader';
import { NotifyMePages } from './notify-me.pages';
import { RoundsPages } from './rounds.pages';
import { ServicePages } from './service.pages';
import { SessionPages } from './session.pages';

/** The public pages: home, sign-in and sign-out, the pages emailed links open, registering, "Am I eligible?", the open rounds, and privacy, cookies, accessibility and contact. */
export const PUBLIC_CONTROLLERS: Type[] = [SessionPages, LinkPages, RegisterPages, EligibilityPages, RoundsPages, NotifyMePages, ServicePages];

@Module({
  imports: [PortalKitModule, IntakeModule],
  controllers: PUBLIC_CONTROLLERS,
  providers: [RoundsPageLoader, CheckerCookie],
  // The applicant's Apply refusals are shown on the rounds page.
  exports: [RoundsPageLoader],
})
export class PublicPortalModule {}

import { Module } from '@nestjs/common';
import { IntakeModule } from '@app/intake';
import { TrainingModule } from '@app/training';
import { FormTokens } from './form-tokens';
import { PortalPages } from './pages';
import { PORTAL_CONTROLLERS } from './portal-routes';

/**
 * The server-rendered portal (nhsuk-frontend with Nunjucks) under /portal:
 * sign-in with a cookie session, the pages emailed links open (confirming an
 * email address, setting a password, an applicant's applications, email
 * settings), and the training provider's pages. Its controllers call the
 * same services as the API.
 */
@Module({
  imports: [IntakeModule, TrainingModule],
  controllers: PORTAL_CONTROLLERS,
  providers: [PortalPages, FormTokens],
})
export class PortalModule {}

import { Module } from '@nestjs/common';
import { TrainingModule } from '@app/training';
import { PortalPages } from './pages';
import { PORTAL_CONTROLLERS } from './portal-routes';

/**
 * The server-rendered portal (nhsuk-frontend with Nunjucks) under /portal:
 * sign-in with a cookie session, and the training provider's pages. Its
 * controllers call the same services as the API.
 */
@Module({
  imports: [TrainingModule],
  controllers: PORTAL_CONTROLLERS,
  providers: [PortalPages],
})
export class PortalModule {}

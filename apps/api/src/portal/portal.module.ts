import { Module } from '@nestjs/common';
import { ApplicantPortalModule } from './applicant/applicant-portal.module';
import { ProviderPortalModule } from './provider/provider-portal.module';
import { PublicPortalModule } from './public/public-portal.module';
import { StaffPortalModule } from './staff/staff-portal.module';

/**
 * The server-rendered portal (nhsuk-frontend with Nunjucks) under /portal,
 * one module per audience on a shared kit (kit/): the public pages (sign-in,
 * emailed links, registering, eligibility, rounds), the applicant's, the
 * training provider's, and the staff's (none yet). Their controllers call the
 * same services as the API.
 */
@Module({
  imports: [PublicPortalModule, ApplicantPortalModule, ProviderPortalModule, StaffPortalModule],
})
export class PortalModule {}

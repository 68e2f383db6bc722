import { Module } from '@nestjs/common';
import { WorkforceModule } from '@app/workforce';
import { AdminReferenceController } from './admin-reference.controller';

/** The workforce reference data's API (admins): practices, official counts, role profiles and targets. */
@Module({
  imports: [WorkforceModule],
  controllers: [AdminReferenceController],
})
export class WorkforceReferenceApiModule {}

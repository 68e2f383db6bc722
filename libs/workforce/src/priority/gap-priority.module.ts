import { Global, Module } from '@nestjs/common';
import { SubmissionPriority } from '@app/intake';
import { WorkforceModule } from '../workforce.module';
import { GapPriorityService } from './gap-priority.service';

/**
 * Gap-weighted priority. Global so that intake's ApplicationsService finds
 * the SubmissionPriority it asks for at submission without intake importing
 * this lib (the link runs one way: workforce -> intake).
 */
@Global()
@Module({
  imports: [WorkforceModule],
  providers: [GapPriorityService, { provide: SubmissionPriority, useExisting: GapPriorityService }],
  exports: [GapPriorityService, SubmissionPriority],
})
export class GapPriorityModule {}

import { Module } from '@nestjs/common';
import { PrioritySettingsController } from './priority-settings.controller';

/** The priority settings API; GapPriorityModule (global, in AppModule) provides the service. */
@Module({ controllers: [PrioritySettingsController] })
export class GapPriorityApiModule {}

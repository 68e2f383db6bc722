import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';

/** Reports and their exports over the API; the definitions and the export service come from the global ReportsModule. */
@Module({ controllers: [ReportsController] })
export class ReportsApiModule {}

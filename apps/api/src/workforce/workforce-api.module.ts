import { Module } from '@nestjs/common';
import { WorkforceModule } from '@app/workforce';
import { SkillsAuditsController } from './skills-audits.controller';

@Module({
  imports: [WorkforceModule],
  controllers: [SkillsAuditsController],
})
export class WorkforceApiModule {}

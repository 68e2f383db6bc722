import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Provider } from './providers/provider.entity';
import { ProvidersService } from './providers/providers.service';

@Module({
  imports: [TypeOrmModule.forFeature([Provider])],
  providers: [ProvidersService],
  exports: [ProvidersService],
})
export class TrainingModule {}

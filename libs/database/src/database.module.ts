import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import { dataSourceOptions } from './data-source-options';

/**
 * TypeORM on PostgreSQL. Entities register themselves with
 * TypeOrmModule.forFeature inside their own lib (autoLoadEntities), so this
 * module knows no domain.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config),
        autoLoadEntities: true,
        // Start-up checks reachability first (preflight) and says so in one line; no silent retry loop.
        retryAttempts: 0,
      }),
    }),
  ],
  exports: [TypeOrmModule],
})
export class DatabaseModule {}

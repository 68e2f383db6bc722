import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { Clock, SystemClock } from './clock';
import { loadConfig } from './load-config';

@Global()
@Module({})
export class ConfigModule {
  /**
   * Provides AppConfig and the Clock everywhere; pass a config in to run
   * against other resources (tests, bench). The clock is the config's
   * (`withOverrides({ clock })`: a test clock shared by an API and a worker),
   * else the system clock.
   */
  static forRoot(config?: AppConfig): DynamicModule {
    const resolved = config ?? loadConfig();
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: resolved },
        { provide: Clock, useValue: resolved.clock ?? new SystemClock() },
      ],
      exports: [AppConfig, Clock],
    };
  }
}

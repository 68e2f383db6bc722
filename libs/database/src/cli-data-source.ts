import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { dataSourceOptions } from './data-source-options';

/**
 * The data source the TypeORM CLI uses for `migration:generate` (run on the
 * built files: entities are found by their compiled file names).
 */
export default new DataSource(
  dataSourceOptions(loadConfig(), { entities: [`${__dirname}/../../*/src/**/*.entity.js`] }),
);

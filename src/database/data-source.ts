import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseUrlFromEnvironment } from '../config/app-config';
import { typeormOptions } from './typeorm-options';

/** Used by the TypeORM CLI (`npm run migration:*`). */
export default new DataSource(typeormOptions(databaseUrlFromEnvironment()));

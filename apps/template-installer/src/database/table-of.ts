import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** An entity's schema-qualified table, for the statements TypeORM cannot build (one round trip). */
export const tableOf = (manager: EntityManager, entity: EntityTarget<ObjectLiteral>): string =>
  manager.getRepository(entity).metadata.tablePath;

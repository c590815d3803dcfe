import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Entities from the rows raw SQL answered (`returning *`, `select t.*`): each column goes to its
 * property, hydrated as TypeORM hydrates it (a `date` as 'YYYY-MM-DD', jsonb parsed, ...). An
 * adapter then maps one entity type to its domain model, whether the row came from the entity's
 * repository or from a statement TypeORM cannot say. Columns absent from a row stay unset.
 */
export function entitiesFromRows<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: Record<string, unknown>[]): T[] {
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  return rows.map((row) => {
    const entity = metadata.create() as T;
    for (const column of metadata.columns) {
      if (column.databaseName in row) column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
    }
    return entity;
  });
}

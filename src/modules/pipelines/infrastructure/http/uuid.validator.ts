import { Matches, ValidationOptions } from 'class-validator';

/**
 * Any UUID as PostgreSQL and the path parameters (ParseUUIDPipe) accept it: 8-4-4-4-12 hex
 * digits, whatever the version and variant bits (ids imported from other systems, or derived
 * from hashes, are not always RFC 4122 v4). class-validator's IsUUID insists on the variant.
 */
export const IsAnyUuid = (options?: ValidationOptions) =>
  Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: ({ property }) => `${property} must be a UUID`, ...options });

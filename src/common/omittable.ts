import { ValidateIf } from 'class-validator';

/**
 * A field the caller may leave out. Unlike class-validator's IsOptional, which skips null as well,
 * a null that is sent is validated like any other value (and refused by the field's rules): no
 * request DTO takes null, and a null that slipped through reached a NOT NULL column as a 500.
 */
export function Omittable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

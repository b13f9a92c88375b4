import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldMessage {
  field: string;
  message: string;
}

/** Flattens nested class-validator errors into `field.path: message` pairs (e.g. `samples.0.inventoryId`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldMessage[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => ({ field, message: m.startsWith(e.property) ? m.replace(e.property, field) : `${field}: ${m}` }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: fields.map((f) => f.message), details: fields });
    },
  });
}

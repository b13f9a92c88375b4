import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * Every `:id`-style route parameter goes through this pipe: a malformed id is the caller's 400 with the
 * field named (in the same shape as body validation), never a database error or a lookup of garbage.
 */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (isUuid(value)) return value.toLowerCase();
    const field = metadata.data ?? 'id';
    const message = `${field} must be a UUID`;
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [message], details: [{ field, message }] });
  }
}

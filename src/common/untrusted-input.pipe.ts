import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { findInputProblem, textProblem } from './untrusted-input';

/**
 * Global, before validation: route parameters (known only once a route matched) and multipart form
 * fields (parsed by an upload interceptor, after the body middleware) get the same refusal as JSON
 * bodies and queries: no NUL, no unpaired surrogate, no deep nesting, the field named.
 */
@Injectable()
export class UntrustedInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const problem =
      metadata.type === 'param' && typeof value === 'string'
        ? textProblem(value, metadata.data ?? 'path')
        : metadata.type === 'body' || metadata.type === 'query'
          ? findInputProblem(value, { root: metadata.data ?? '' })
          : null;
    if (problem)
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: [problem.message],
        details: [{ field: problem.field, message: problem.message }],
      });
    return value;
  }
}

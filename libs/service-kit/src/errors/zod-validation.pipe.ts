import { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { ZodTypeAny, z } from 'zod';
import { parseInput } from './parse-input';

const LOCATIONS: Partial<Record<ArgumentMetadata['type'], string>> = {
  body: 'body',
  query: 'query',
  param: 'params',
};

/**
 * `@Body(new ZodValidationPipe(schema))`: the handler receives parsed, typed input, and bad
 * input answers 400 `validation_failed` with paths like `body.name` or `query.cursor`.
 */
export class ZodValidationPipe<S extends ZodTypeAny> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown, metadata: ArgumentMetadata): z.output<S> {
    const base = LOCATIONS[metadata.type] ?? 'input';
    return parseInput(this.schema, value, metadata.data ? `${base}.${metadata.data}` : base);
  }
}

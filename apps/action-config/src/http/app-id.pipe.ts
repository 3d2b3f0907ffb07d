import { ZodValidationPipe } from '@actionhub/service-kit';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';

/** App ids are UUIDs; anything else is a 400, never a database error. */
@Injectable()
export class AppIdPipe extends ZodValidationPipe<z.ZodString> {
  constructor() {
    super(z.string().uuid());
  }
}

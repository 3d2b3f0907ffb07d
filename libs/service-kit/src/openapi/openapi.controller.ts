import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController, OpenAPIObject } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { ProblemException } from '../errors/problem.exception';
import { OpenApiDocument } from './openapi-document';

@ApiExcludeController()
@Public()
@Controller('docs')
export class OpenApiController {
  constructor(private readonly openApi: OpenApiDocument) {}

  @Get('openapi.json')
  document(): OpenAPIObject {
    if (!this.openApi.document)
      throw new ProblemException(404, 'not_found', 'No OpenAPI document was built for this app.');
    return this.openApi.document;
  }
}

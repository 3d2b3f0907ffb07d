import { INestApplication, Injectable } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

/** Holds the service's OpenAPI document once setupOpenApi has built it. */
@Injectable()
export class OpenApiDocument {
  document: OpenAPIObject | null = null;
}

/** Builds the OpenAPI document from the app's controllers; served at GET /docs/openapi.json. */
export function setupOpenApi(app: INestApplication, info: OpenApiInfo): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setVersion(info.version)
    .setDescription(info.description ?? '')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  app.get(OpenApiDocument).document = document;
  return document;
}

import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_BODY_LIMITS } from './body-limits';

const { maxBytes, maxDepth } = API_BODY_LIMITS;

/** The OpenAPI document at /openapi.json and interactive docs at /docs, generated from the controllers. */
export function mountOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Ovation API')
      .setDescription(
        'Rooms, joining, danmaku, gifts and playback for interactive live streaming. Errors are always `{error: {code, message, field?}}`. ' +
          `Bodies are JSON objects of at most ${maxBytes / 1024} KB, nested at most ${maxDepth} levels.`,
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, withBodyRefusals(document), { jsonDocumentUrl: 'openapi.json' });
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } } });

/** Every operation that takes a body may be refused for the body itself, before its own checks (`@ovation/http`). */
function withBodyRefusals(document: OpenAPIObject): OpenAPIObject {
  for (const operations of Object.values(document.paths)) {
    for (const operation of [operations.post, operations.put, operations.patch, operations.delete]) {
      if (!operation?.requestBody) continue;
      operation.responses['413'] ??= errorResponse(`The body is over ${maxBytes / 1024} KB (\`payload_too_large\`)`);
      operation.responses['415'] ??= errorResponse('The body is not UTF-8 JSON, or is compressed (`unsupported_media_type`)');
    }
  }
  return document;
}

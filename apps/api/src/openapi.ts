import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@app/config';

export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

/** OpenAPI UI at /api/docs and the document at /api/docs-json, describing every route. */
export function setUpOpenApi(app: INestApplication, config: AppConfig): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`${config.programme.name} API`)
      .setDescription(
        'Bursary applications, funding rounds, budget and training provider reporting. ' +
          'Money is integer pence in fields ending `Pence`; errors are application/problem+json (RFC 9457).',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A token from POST /api/v1/auth/login, or a provider API key' })
      .build(),
  );
  SwaggerModule.setup(OPENAPI_UI_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    customSiteTitle: `${config.programme.name} API`,
  });
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { ConsoleSchemasController } from './console-schemas.controller';
import { consoleHeaders, WEB_DIST, WEB_EXCLUDED_ROUTES } from './web-static';

/**
 * Serves the lab console (web/dist, built by scripts/web.sh) at `/`, with index.html for every client
 * route. /v1, /docs, /health and /metrics stay the API's: the static files and the fallback never answer
 * there. Without a built console (API-only deployments, unit runs) the module serves nothing.
 */
const built = existsSync(join(WEB_DIST, 'index.html'));
if (!built) new Logger('WebModule').warn(`no console build at ${WEB_DIST}; run scripts/web.sh to serve it at /`);

@Module({
  controllers: [ConsoleSchemasController],
  imports: built
    ? [ServeStaticModule.forRoot({ rootPath: WEB_DIST, exclude: WEB_EXCLUDED_ROUTES, serveStaticOptions: { index: 'index.html', setHeaders: consoleHeaders } })]
    : [],
})
export class WebModule {}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { ConsoleSchemasController } from './console-schemas.controller';
import { consoleHeaders, WEB_EXCLUDED_ROUTES } from './web-static';

/**
 * Serves the lab console (web/dist, built by scripts/web.sh, or WEB_DIST_DIR) at `/`, with index.html for
 * every client route. /v1, /docs, /health and /metrics stay the API's: the static files and the fallback
 * never answer there. Without a built console (API-only deployments, unit runs) the module serves nothing.
 */
@Module({})
export class WebModule {
  static forRoot(distDir: string): DynamicModule {
    const built = existsSync(join(distDir, 'index.html'));
    if (!built) new Logger('WebModule').warn(`no console build at ${distDir}; run scripts/web.sh to serve it at /`);
    return {
      module: WebModule,
      controllers: [ConsoleSchemasController],
      imports: built
        ? [
            ServeStaticModule.forRoot({
              rootPath: distDir,
              exclude: WEB_EXCLUDED_ROUTES,
              serveStaticOptions: { index: 'index.html', setHeaders: consoleHeaders },
            }),
          ]
        : [],
    };
  }
}

import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { API_KEY_VERIFIER } from '../auth/api-key-verifier';
import { ApiKeyEntity } from './api-keys/api-key.entity';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { ApiKeysService } from './api-keys/api-keys.service';
import { VerifiedKeyCache } from './api-keys/verified-key-cache';
import { LicenseeEntity } from './licensee.entity';
import { LicenseesController } from './licensees.controller';
import { LicenseesRepository } from './licensees.repository';
import { LicenseesService } from './licensees.service';

/** Global so the authentication guard can resolve X-API-Key through API_KEY_VERIFIER. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([LicenseeEntity, ApiKeyEntity])],
  controllers: [LicenseesController, ApiKeysController],
  providers: [
    LicenseesRepository,
    LicenseesService,
    ApiKeysRepository,
    ApiKeysService,
    VerifiedKeyCache,
    { provide: API_KEY_VERIFIER, useExisting: ApiKeysService },
  ],
  exports: [LicenseesService, API_KEY_VERIFIER],
})
export class LicenseesModule {}

import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { ApiKeyVerifier } from '../../auth/api-key-verifier';
import { Actor } from '../../common/actor';
import { SharedReads } from '../../common/shared-reads';
import { UnitOfWork } from '../../database/unit-of-work';
import { WebhooksService } from '../../webhooks/webhooks.service';
import { LicenseeError, LicenseeErrorCode } from '../licensees.errors';
import { LicenseesRepository } from '../licensees.repository';
import { apiKeyMatches, apiKeyPrefix, generateApiKey } from './api-key-format';
import { ApiKeyResponseDto, IssuedApiKeyDto, IssueApiKeyDto, toApiKeyResponse } from './api-key.dto';
import { ApiKeysRepository } from './api-keys.repository';
import { VerifiedKeyCache } from './verified-key-cache';

type LicenseeActor = Extract<Actor, { type: 'licensee' }>;

@Injectable()
export class ApiKeysService implements ApiKeyVerifier {
  private readonly lookups = new SharedReads<LicenseeActor | null>();

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly licensees: LicenseesRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly webhooks: WebhooksService,
    private readonly verified: VerifiedKeyCache,
  ) {}

  async issueKey(licenseNumber: string, dto: IssueApiKeyDto, actor: Actor): Promise<IssuedApiKeyDto> {
    return this.uow.run(async () => {
      const licensee = await this.licenseeOrFail(licenseNumber);
      const fresh = generateApiKey();
      const saved = await this.keys.save({
        licenseeId: licensee.id,
        prefix: fresh.prefix,
        keyHash: fresh.hash,
        label: dto.label ?? null,
        createdBy: actor.label,
      });
      const view = toApiKeyResponse(saved);
      await this.audit.record({ actor, action: 'api_key.issued', entityType: 'licensee', entityId: licensee.id, after: view });
      return { ...view, key: fresh.key };
    });
  }

  async listKeys(licenseNumber: string): Promise<ApiKeyResponseDto[]> {
    const licensee = await this.licenseeOrFail(licenseNumber);
    return (await this.keys.listForLicensee(licensee.id)).map(toApiKeyResponse);
  }

  async revokeKey(licenseNumber: string, keyId: string, actor: Actor): Promise<ApiKeyResponseDto> {
    const revoked = await this.uow.run(async () => {
      const licensee = await this.licenseeOrFail(licenseNumber);
      const key = await this.keys.findForLicensee(licensee.id, keyId);
      if (!key) throw new LicenseeError(LicenseeErrorCode.API_KEY_NOT_FOUND, `No API key ${keyId} for ${licenseNumber}`);
      await this.keys.revoke(key.id, actor.label);
      const after = toApiKeyResponse((await this.keys.findForLicensee(licensee.id, keyId))!);
      await this.audit.record({ actor, action: 'api_key.revoked', entityType: 'licensee', entityId: licensee.id, before: toApiKeyResponse(key), after });
      // Endpoints the key registered stop with it (audited there); their pending deliveries are never sent.
      await this.webhooks.disableEndpointsOfApiKey(key.id, actor);
      return after;
    });
    // After the commit, so that no process can cache the key again from a read of the old row.
    await this.verified.revoked(revoked.id);
    return revoked;
  }

  /** The guard's check for X-API-Key: the licensee it belongs to, or null for unknown, malformed or revoked keys. */
  async verify(rawKey: string): Promise<LicenseeActor | null> {
    const prefix = apiKeyPrefix(rawKey);
    if (!prefix) return null;
    // Pollers present the same key many times a second; a verified key is trusted for a few seconds
    // (a revocation reaches every process at once: VerifiedKeyCache).
    const cacheKey = verifiedKeyOf(rawKey);
    const cached = this.verified.get(cacheKey);
    if (cached) return cached;
    const since = this.verified.current;
    // When the cached entry expires, a busy poller's concurrent requests share one look-up (and one touch).
    return this.lookups.run(cacheKey, since, () => this.lookUp(rawKey, prefix, cacheKey, since));
  }

  verifiedRecently(rawKey: string): LicenseeActor | undefined {
    return apiKeyPrefix(rawKey) ? this.verified.get(verifiedKeyOf(rawKey)) : undefined;
  }

  private async lookUp(rawKey: string, prefix: string, cacheKey: string, since: number): Promise<LicenseeActor | null> {
    const key = await this.keys.findByPrefix(prefix);
    if (!key || key.revokedAt || !apiKeyMatches(rawKey, key.keyHash)) return null;
    const licensee = await this.licensees.findById(key.licenseeId);
    if (!licensee) return null;
    await this.keys.touch(key.id);
    const actor: LicenseeActor = {
      type: 'licensee',
      id: licensee.id,
      label: `${licensee.licenseNumber} key ${key.prefix}`,
      licenseNumber: licensee.licenseNumber,
      apiKeyId: key.id,
    };
    this.verified.set(cacheKey, actor, since);
    return actor;
  }

  private async licenseeOrFail(licenseNumber: string) {
    const licensee = await this.licensees.findByLicenseNumber(licenseNumber);
    if (!licensee) throw new LicenseeError(LicenseeErrorCode.LICENSEE_NOT_FOUND, `No licensee ${licenseNumber}`);
    return licensee;
  }
}

/** What the verified-key cache files a key under: its digest, never the key itself. */
function verifiedKeyOf(rawKey: string): string {
  return createHash('sha256').update(rawKey).digest('base64');
}

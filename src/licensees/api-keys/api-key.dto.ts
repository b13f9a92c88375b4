import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { Omittable } from '../../common/omittable';
import { ApiKeyEntity } from './api-key.entity';

export class IssueApiKeyDto {
  @ApiPropertyOptional({ description: 'What the key is for, e.g. "ERP production"' })
  @Omittable()
  @IsString()
  @MaxLength(120)
  label?: string;
}

export class ApiKeyResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Public part of the key, to tell keys apart' }) prefix!: string;
  @ApiProperty({ nullable: true, type: String }) label!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
}

export class IssuedApiKeyDto extends ApiKeyResponseDto {
  @ApiProperty({ description: 'The key itself. Shown once; only its hash is stored.' }) key!: string;
}

export function toApiKeyResponse(k: ApiKeyEntity): ApiKeyResponseDto {
  return {
    id: k.id,
    prefix: k.prefix,
    label: k.label,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

import { ApiProperty } from '@nestjs/swagger';
import { SessionEntity } from './session.entity';

/** An open session of a user, as an admin sees it. */
export class UserSessionDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Sign-in time (ISO 8601)' }) createdAt!: string;
  @ApiProperty({ description: 'Last request (to within 30 s)' }) lastSeenAt!: string;
  @ApiProperty({ description: 'Closed after this much idleness unless used before' }) idleExpiresAt!: string;
  @ApiProperty({ description: 'The absolute end: no refresh goes past it' }) expiresAt!: string;
  @ApiProperty({ type: String, nullable: true }) clientAddress!: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent!: string | null;
}

export class RevokedSessionsDto {
  @ApiProperty({ description: 'How many open sessions were revoked' }) revoked!: number;
}

export function toUserSessionDto(s: SessionEntity, idleMinutes: number): UserSessionDto {
  const idleEnd = Math.min(s.lastSeenAt.getTime() + idleMinutes * 60_000, s.expiresAt.getTime());
  return {
    id: s.id,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    idleExpiresAt: new Date(idleEnd).toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    clientAddress: s.clientAddress,
    userAgent: s.userAgent,
  };
}

import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../../audit/audit.service';
import { Actor } from '../../common/actor';
import { UuidPipe } from '../../common/uuid.pipe';
import { AppConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import { CurrentActor, Roles } from '../auth.decorators';
import { AuthError, AuthErrorCode } from '../auth.errors';
import { UsersRepository } from '../users.repository';
import { RevokedSessionsDto, toUserSessionDto, UserSessionDto } from './session.dto';
import { SessionsService } from './sessions.service';

/** An admin lists a user's open sessions and revokes one or all of them (audited). */
@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/users/:id/sessions')
export class UserSessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly users: UsersRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  private async assertUser(id: string): Promise<void> {
    if (!(await this.users.findById(id))) throw new AuthError(AuthErrorCode.USER_NOT_FOUND, `No user ${id}`);
  }

  @Get()
  @ApiOkResponse({ type: [UserSessionDto] })
  async list(@Param('id', UuidPipe) id: string): Promise<UserSessionDto[]> {
    await this.assertUser(id);
    return (await this.sessions.listOpen(id)).map((s) => toUserSessionDto(s, this.config.sessions.idleMinutes));
  }

  @Delete()
  @HttpCode(200)
  @ApiOkResponse({ type: RevokedSessionsDto, description: 'Every open session of the user is revoked at once (audited as user.sessions_revoked)' })
  async revokeAll(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<RevokedSessionsDto> {
    await this.assertUser(id);
    return this.uow.run(async () => {
      const revoked = await this.sessions.revokeAll(id, 'admin');
      await this.audit.record({ actor, action: 'user.sessions_revoked', entityType: 'user', entityId: id, after: { revoked } });
      return { revoked };
    });
  }

  @Delete(':sessionId')
  @HttpCode(204)
  @ApiNotFoundResponse({ description: 'SESSION_NOT_FOUND: no open session of this user with that id' })
  async revokeOne(@Param('id', UuidPipe) id: string, @Param('sessionId', UuidPipe) sessionId: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.uow.run(async () => {
      if (!(await this.sessions.revoke(sessionId, id, 'admin'))) {
        throw new AuthError(AuthErrorCode.SESSION_NOT_FOUND, `No open session ${sessionId} of user ${id}`);
      }
      await this.audit.record({ actor, action: 'user.sessions_revoked', entityType: 'user', entityId: id, after: { revoked: 1, sessionId } });
    });
  }
}

import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../common/actor';
import { UuidPipe } from '../common/uuid.pipe';
import { toApprovalDto } from './approvals/approval.dto';
import { CurrentActor, Roles } from './auth.decorators';
import { AuthError, AuthErrorCode } from './auth.errors';
import { CreateUserDto, PendingUserChangeDto, UpdateUserDto, UserResponseDto } from './dto/user.dto';
import { PasswordResetsService } from './passwords/password-resets.service';
import { PasswordResetResponseDto } from './passwords/password.dto';
import { PendingPasswordResetDto } from './passwords/pending-password-reset.dto';
import { LockStateDto } from './throttle/lock.dto';
import { SignInThrottle } from './throttle/sign-in-throttle.service';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';
import { UserChangeResult, UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly passwordResets: PasswordResetsService,
    private readonly throttle: SignInThrottle,
    private readonly repo: UsersRepository,
  ) {}

  private async user(id: string): Promise<UserEntity> {
    const user = await this.repo.findById(id);
    if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND, `No user ${id}`);
    return user;
  }

  @Get()
  @ApiOkResponse({ type: [UserResponseDto] })
  list(): Promise<UserResponseDto[]> {
    return this.users.list();
  }

  @Post()
  @ApiCreatedResponse({ type: UserResponseDto, description: 'A technician, created' })
  @ApiAcceptedResponse({
    type: PendingUserChangeDto,
    description: 'A manager or admin: created as an active technician, the role waiting for a second admin’s approval',
  })
  async create(
    @Body() dto: CreateUserDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserResponseDto | PendingUserChangeDto> {
    return answer(await this.users.create(dto, actor), res, 201);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserResponseDto, description: 'Applied: a new name, a demotion, a deactivation' })
  @ApiAcceptedResponse({ type: PendingUserChangeDto, description: 'Grants the manager or admin role (or reactivates with one): waits for a second admin' })
  @ApiForbiddenResponse({ description: 'CANNOT_CHANGE_OWN_ROLE or CANNOT_DISABLE_SELF: nobody changes their own role or active flag' })
  async update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateUserDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserResponseDto | PendingUserChangeDto> {
    return answer(await this.users.update(id, dto, actor), res, 200);
  }

  /**
   * A one-time reset: a random temporary password, shown once; the user must set a new one at the next sign-in.
   * A manager's or admin's waits for a second admin, whose approve answer carries the password (POST /v1/approvals/:id/approve).
   */
  @Post(':id/password-reset')
  @Header('Cache-Control', 'no-store')
  @ApiCreatedResponse({ type: PasswordResetResponseDto, description: 'A technician: reset now' })
  @ApiAcceptedResponse({ type: PendingPasswordResetDto, description: 'A manager or admin (or a pending grant of one): waits for a second admin' })
  @ApiForbiddenResponse({ description: 'CANNOT_RESET_OWN_PASSWORD: an admin changes their own with POST /v1/auth/password' })
  async resetPassword(
    @Param('id', UuidPipe) id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PasswordResetResponseDto | PendingPasswordResetDto> {
    const outcome = await this.passwordResets.reset(id, actor);
    if (outcome.approval) {
      res.status(202);
      return { approval: toApprovalDto(outcome.approval, false) };
    }
    res.status(201);
    return { temporaryPassword: outcome.issued.temporaryPassword, expiresAt: outcome.issued.expiresAt.toISOString() };
  }

  @Get(':id/sign-in-lock')
  @ApiOkResponse({ type: LockStateDto, description: 'Whether failed sign-ins have locked the account, and for how long' })
  async signInLock(@Param('id', UuidPipe) id: string): Promise<LockStateDto> {
    return this.throttle.accountState((await this.user(id)).email);
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @ApiOkResponse({ type: LockStateDto, description: 'The lock as it was; it is lifted and the failures forgotten (audited as auth.unlocked)' })
  async unlock(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<LockStateDto> {
    return this.throttle.unlockAccount(await this.user(id), actor);
  }
}

/** 202 with the pending request when the change grants power; otherwise the user as before. */
function answer(result: UserChangeResult, res: Response, applied: number): UserResponseDto | PendingUserChangeDto {
  if (!result.approval) {
    res.status(applied);
    return result.user;
  }
  res.status(202);
  return { user: result.user, approval: toApprovalDto(result.approval, false) };
}

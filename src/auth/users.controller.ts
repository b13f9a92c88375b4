import { Body, Controller, Get, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../common/actor';
import { UuidPipe } from '../common/uuid.pipe';
import { toApprovalDto } from './approvals/approval.dto';
import { CurrentActor, Roles } from './auth.decorators';
import { CreateUserDto, PendingUserChangeDto, UpdateUserDto, UserResponseDto } from './dto/user.dto';
import { UserChangeResult, UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

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

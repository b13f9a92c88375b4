import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor';
import { UuidPipe } from '../common/uuid.pipe';
import { CurrentActor, Roles } from './auth.decorators';
import { CreateUserDto, UpdateUserDto, UserResponseDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(): Promise<UserResponseDto[]> {
    return this.users.list();
  }

  @Post()
  create(@Body() dto: CreateUserDto, @CurrentActor() actor: Actor): Promise<UserResponseDto> {
    return this.users.createUser(dto, actor);
  }

  @Patch(':id')
  update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateUserDto, @CurrentActor() actor: Actor): Promise<UserResponseDto> {
    return this.users.updateUser(id, dto, actor);
  }
}

import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { UnitOfWork } from '../database/unit-of-work';
import { AuthError, AuthErrorCode } from './auth.errors';
import { CreateUserDto, toUserResponse, UpdateUserDto, UserResponseDto } from './dto/user.dto';
import { hashPassword } from './password-hasher';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<UserResponseDto[]> {
    return (await this.users.list()).map(toUserResponse);
  }

  async createUser(dto: CreateUserDto, actor: Actor): Promise<UserResponseDto> {
    const passwordHash = await hashPassword(dto.password);
    return this.uow.run(async () => {
      if (await this.users.findByEmail(dto.email)) {
        throw new AuthError(AuthErrorCode.EMAIL_TAKEN, `A user with email ${dto.email} already exists`);
      }
      const user = await this.users.save(
        this.users.create({ email: dto.email.toLowerCase(), displayName: dto.displayName, role: dto.role, passwordHash, active: true }),
      );
      const after = toUserResponse(user);
      await this.audit.record({ actor, action: 'user.created', entityType: 'user', entityId: user.id, after });
      return after;
    });
  }

  async updateUser(id: string, dto: UpdateUserDto, actor: Actor): Promise<UserResponseDto> {
    return this.uow.run(async () => {
      const user = await this.users.findById(id);
      if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND, `No user ${id}`);
      if (actor.id === id && dto.active === false) {
        throw new AuthError(AuthErrorCode.CANNOT_DISABLE_SELF, 'You cannot disable your own account');
      }
      const before = toUserResponse(user);
      Object.assign(user, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      const after = toUserResponse(await this.users.save(user));
      await this.audit.record({ actor, action: 'user.updated', entityType: 'user', entityId: id, before, after });
      return after;
    });
  }
}

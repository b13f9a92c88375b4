import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { UserEntity } from './user.entity';

@Injectable()
export class UsersRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager.getRepository(UserEntity);
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.repo.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<UserEntity[]> {
    return ids.length ? this.repo.createQueryBuilder('u').where('u.id IN (:...ids)', { ids }).getMany() : Promise.resolve([]);
  }

  list(): Promise<UserEntity[]> {
    return this.repo.find({ order: { createdAt: 'ASC' } });
  }

  save(user: UserEntity): Promise<UserEntity> {
    return this.repo.save(user);
  }

  create(fields: Partial<UserEntity>): UserEntity {
    return this.repo.create(fields);
  }
}

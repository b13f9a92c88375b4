import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { displayNamesClash } from './display-name';
import { UserEntity } from './user.entity';

@Injectable()
export class UsersRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get repo() {
    return this.uow.manager.getRepository(UserEntity);
  }

  /**
   * Held until the transaction ends: an email and an active display name are checked for uniqueness and then
   * written, so two admins creating or renaming at once would both pass the check (a 500 from the unique
   * index for an email, two people with one printed name for a display name). Accounts change rarely: one lock.
   */
  async lockIdentities(): Promise<void> {
    await this.uow.query(`SELECT pg_advisory_xact_lock(hashtext('users:identities'))`);
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.repo.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  /**
   * An active user other than `exceptId` whose display name prints as `name` does: compared by
   * displayNamesClash (Unicode compatibility forms, case and runs of spaces ignored: "Morgan  manager" is
   * "Morgan Manager", a decomposed "é" is "é"; look-alike letters read as what they print as: "BiII" is
   * "Bill"). Compared here rather than in SQL so rows stored before names were normalised at input
   * compare the same way; a lab has few accounts, and callers hold lockIdentities.
   */
  async findActiveByDisplayName(name: string, exceptId: string | null): Promise<UserEntity | null> {
    const q = this.repo.createQueryBuilder('u').where('u.active');
    const active = await (exceptId ? q.andWhere('u.id <> :exceptId', { exceptId }) : q).orderBy('u.createdAt', 'ASC').getMany();
    return active.find((u) => displayNamesClash(u.displayName, name)) ?? null;
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

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { RecipientDirectory, type Recipient } from '@app/notifications';
import { UserAccount } from './entities/user-account.entity';

/** Tells the notification sender where a user's email goes, at send time. */
@Injectable()
export class AccountRecipientDirectory extends RecipientDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async find(userId: string): Promise<Recipient | null> {
    const user = await this.dataSource.getRepository(UserAccount).findOneBy({ id: userId });
    return user ? { email: user.email, fullName: user.fullName } : null;
  }
}

import { Module } from '@nestjs/common';
import { AdminAuditController } from '../audit/admin-audit.controller';
import { AdminUsersController } from './admin-users.controller';
import { AuthController } from './auth.controller';
import { MeController } from './me.controller';

@Module({ controllers: [AuthController, MeController, AdminUsersController, AdminAuditController] })
export class AccountsApiModule {}

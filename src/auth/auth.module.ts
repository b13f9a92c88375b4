import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { ApprovalsModule } from './approvals/approvals.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthenticationGuard } from './authentication.guard';
import { PasswordResetsService } from './passwords/password-resets.service';
import { PasswordsService } from './passwords/passwords.service';
import { Reauthentication } from './reauthentication.service';
import { SessionEntity } from './sessions/session.entity';
import { SessionsService } from './sessions/sessions.service';
import { UserSessionsController } from './sessions/user-sessions.controller';
import { SignInLocksController } from './throttle/sign-in-locks.controller';
import { SignInThrottle } from './throttle/sign-in-throttle.service';
import { ThrottleStore } from './throttle/throttle.store';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, SessionEntity]),
    ApprovalsModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.jwt.secret,
        signOptions: { expiresIn: config.jwt.ttlSeconds, issuer: 'labtrace' },
        verifyOptions: { issuer: 'labtrace' },
      }),
    }),
  ],
  controllers: [AuthController, UsersController, UserSessionsController, SignInLocksController],
  providers: [
    AuthService,
    UsersService,
    UsersRepository,
    PasswordsService,
    PasswordResetsService,
    SessionsService,
    ThrottleStore,
    SignInThrottle,
    Reauthentication,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
  ],
  exports: [UsersRepository, UsersService, AuthService, PasswordsService, Reauthentication, ApprovalsModule],
})
export class AuthModule {}

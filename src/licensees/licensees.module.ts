import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LicenseeEntity } from './licensee.entity';
import { LicenseesController } from './licensees.controller';
import { LicenseesRepository } from './licensees.repository';
import { LicenseesService } from './licensees.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([LicenseeEntity])],
  controllers: [LicenseesController],
  providers: [LicenseesRepository, LicenseesService],
  exports: [LicenseesService],
})
export class LicenseesModule {}

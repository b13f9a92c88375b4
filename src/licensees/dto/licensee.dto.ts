import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Omittable } from '../../common/omittable';
import { LicenseeEntity } from '../licensee.entity';

export const LICENSE_NUMBER_PATTERN = /^OCM-[A-Z]{2,10}-\d{2}-\d{6}$/;

export class CreateLicenseeDto {
  @ApiProperty({ example: 'OCM-CULT-24-000123' })
  @Matches(LICENSE_NUMBER_PATTERN, { message: 'licenseNumber must look like OCM-CULT-24-000123' })
  licenseNumber!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(200)
  contactName?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsEmail({}, { message: 'contactEmail must be an email address' })
  contactEmail?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(40)
  contactPhone?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(400)
  address?: string;
}

export class LicenseeResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() licenseNumber!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) contactName!: string | null;
  @ApiProperty({ type: String, nullable: true }) contactEmail!: string | null;
  @ApiProperty({ type: String, nullable: true }) contactPhone!: string | null;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
  @ApiProperty() createdAt!: string;
}

export function toLicenseeResponse(l: LicenseeEntity): LicenseeResponseDto {
  return {
    id: l.id,
    licenseNumber: l.licenseNumber,
    name: l.name,
    contactName: l.contactName,
    contactEmail: l.contactEmail,
    contactPhone: l.contactPhone,
    address: l.address,
    createdAt: l.createdAt.toISOString(),
  };
}

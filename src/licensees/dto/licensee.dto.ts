import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength, MinLength, ValidateBy, ValidationArguments } from 'class-validator';
import { normalizeDisplayName, printedNameProblem } from '../../auth/display-name';
import { Omittable } from '../../common/omittable';
import { LicenseeEntity } from '../licensee.entity';

export const LICENSE_NUMBER_PATTERN = /^OCM-[A-Z]{2,10}-\d{2}-\d{6}$/;

/**
 * A licensee's name prints on its certificates: stored NFC, trimmed, spaces collapsed; no control, invisible
 * or bidi characters, and a letter. Latin mixed with Greek or Cyrillic is allowed (a brand may use "Ω").
 */
function IsPrintableLicenseeName(): PropertyDecorator {
  const problem = (value: unknown) => (typeof value === 'string' ? printedNameProblem(value, 'name', { refuseMixedScripts: false }) : null);
  return ValidateBy({
    name: 'isPrintableLicenseeName',
    validator: {
      validate: (value: unknown) => problem(value) === null,
      defaultMessage: (args?: ValidationArguments) => problem(args?.value) ?? 'name is not printable',
    },
  });
}

export class CreateLicenseeDto {
  @ApiProperty({ example: 'OCM-CULT-24-000123' })
  @Matches(LICENSE_NUMBER_PATTERN, { message: 'licenseNumber must look like OCM-CULT-24-000123' })
  licenseNumber!: string;

  @ApiProperty({ description: 'Printed on certificates: stored NFC with spaces trimmed and collapsed; control, invisible and bidi characters are refused' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeDisplayName(value) : value))
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsPrintableLicenseeName()
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

import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { AMENDMENT_MEANINGS, RELEASE_MEANINGS, SIGNATURE_METHOD } from '../signatures/signature-meanings';

const PASSWORD = { description: 'The signer’s own sign-in password, entered again for this signature (never stored)', example: 'correct-horse-battery' };

export class ReleaseSignatureDto {
  @ApiProperty(PASSWORD)
  @IsString({ message: 'password must be your sign-in password' })
  @MinLength(1, { message: 'password is required to sign' })
  @MaxLength(1024)
  password!: string;

  @ApiProperty({ enum: RELEASE_MEANINGS, description: 'What the signature means; printed on the COA' })
  @IsIn(RELEASE_MEANINGS, { message: `meaning must be one of: ${RELEASE_MEANINGS.join('; ')}` })
  meaning!: string;
}

export class AmendmentSignatureDto {
  @ApiProperty(PASSWORD)
  @IsString({ message: 'password must be your sign-in password' })
  @MinLength(1, { message: 'password is required to sign' })
  @MaxLength(1024)
  password!: string;

  @ApiProperty({ enum: AMENDMENT_MEANINGS, description: 'What the signature means; printed on the amended COA' })
  @IsIn(AMENDMENT_MEANINGS, { message: `meaning must be one of: ${AMENDMENT_MEANINGS.join('; ')}` })
  meaning!: string;
}

const REQUIRED = 'signature is required: re-enter your password and state what the signature means';

/** POST /v1/samples/:id/release: the releasing manager's electronic signature. */
export class ReleaseSampleDto {
  @ApiProperty({ type: ReleaseSignatureDto })
  @IsDefined({ message: REQUIRED })
  @IsObject({ message: REQUIRED })
  @ValidateNested()
  @Type(() => ReleaseSignatureDto)
  signature!: ReleaseSignatureDto;
}

/** POST /v1/samples/:id/amendments/:amendmentId/release: the approving (second) manager's signature. */
export class ReleaseAmendmentDto {
  @ApiProperty({ type: AmendmentSignatureDto })
  @IsDefined({ message: REQUIRED })
  @IsObject({ message: REQUIRED })
  @ValidateNested()
  @Type(() => AmendmentSignatureDto)
  signature!: AmendmentSignatureDto;
}

/** The signature applied, as the answer and the COA carry it. */
export class AppliedSignatureDto {
  @ApiProperty() signerId!: string;
  @ApiProperty({ description: 'The printed name' }) signerName!: string;
  @ApiProperty({ enum: [...RELEASE_MEANINGS, ...AMENDMENT_MEANINGS] }) meaning!: string;
  @ApiProperty({ enum: [SIGNATURE_METHOD] }) method!: string;
  @ApiProperty({ description: 'ISO instant: the release time' }) signedAt!: string;
}

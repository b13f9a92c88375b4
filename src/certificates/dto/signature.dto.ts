import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
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

const DIGEST = 'resultsDigest must be the resultsDigest of the results you reviewed, as GET /v1/samples/:id/results gave it (64 hex digits)';

/** POST /v1/samples/:id/release: the releasing manager's electronic signature, on the results they reviewed. */
export class ReleaseSampleDto {
  @ApiProperty({ type: ReleaseSignatureDto })
  @IsDefined({ message: REQUIRED })
  @IsObject({ message: REQUIRED })
  @ValidateNested()
  @Type(() => ReleaseSignatureDto)
  signature!: ReleaseSignatureDto;

  @ApiProperty({
    example: '9f2c4e0b7a1d3c5e8f6a2b4d0c9e7f1a3b5d7c9e2f4a6b8d0c1e3f5a7b9d2c4e',
    description:
      'The resultsDigest of the results the manager reviewed (GET /v1/samples/:id/results). The signature applies to exactly those results: ' +
      'if they changed since (reopened and corrected, a mark withdrawn), nothing is released (409 RESULTS_CHANGED)',
  })
  @Matches(/^[0-9a-f]{64}$/, { message: DIGEST })
  resultsDigest!: string;
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

import { ApiProperty } from '@nestjs/swagger';

/** One total (THC or CBD) in every unit an edible is reported in; a qualifier replaces the numbers. */
export class EdibleAmountsDto {
  @ApiProperty({ example: 'total-thc' }) analyte!: string;
  @ApiProperty({ nullable: true, enum: ['ND', '<LOQ', '>ULOQ'] }) qualifier!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '0.245', description: '% w/w' }) percent!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2.45' }) mgPerG!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '9.80' }) mgPerServing!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '98.00' }) mgPerPackage!: string | null;
}

/** Measured against the licensee's label claim. */
export class ClaimComparisonDto {
  @ApiProperty({ example: 'total-thc' }) analyte!: string;
  @ApiProperty({ enum: ['serving', 'package'] }) basis!: string;
  @ApiProperty({ example: '10' }) claimedMg!: string;
  @ApiProperty({ type: String, nullable: true, example: '9.80' }) measuredMg!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '-2.0', description: '(measured − claimed) ÷ claimed × 100' }) deviationPercent!: string | null;
  @ApiProperty({ example: '20', description: '± percent of the claim' }) tolerancePercent!: string;
  @ApiProperty({ enum: ['within', 'outside', 'not_quantified'] }) status!: string;
  @ApiProperty() reason!: string;
}

export class ClaimToleranceDto {
  @ApiProperty({ example: '20' }) tolerancePercent!: string;
  @ApiProperty({ enum: ['NY', 'STAND-IN'] }) sourceTag!: string;
  @ApiProperty() source!: string;
}

/** An edible's package and its potency per serving and per package, with the claim comparison. */
export class EdiblePotencyDto {
  @ApiProperty({ example: '10' }) servingsPerPackage!: string;
  @ApiProperty({ example: '40', description: 'g' }) packageNetWeightG!: string;
  @ApiProperty({ type: String, nullable: true, example: '4', description: 'g' }) servingWeightG!: string | null;
  @ApiProperty({ type: [EdibleAmountsDto] }) amounts!: EdibleAmountsDto[];
  @ApiProperty({ type: [ClaimComparisonDto], description: 'Empty when the licensee sent no label claim' }) claims!: ClaimComparisonDto[];
  @ApiProperty({ type: ClaimToleranceDto }) claimTolerance!: ClaimToleranceDto;
}

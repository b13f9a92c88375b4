import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches, MaxLength } from 'class-validator';

export class MarkNotTestedDto {
  @ApiProperty({ type: [String], example: ['acephate', 'Aldicarb'], description: 'Analyte ids or any known name; each must be required by the panel' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(120, { each: true })
  analytes!: string[];

  @ApiProperty({ example: 'LC-MS/MS down for repair; subcontracted run not back', description: 'Why they were not tested; printed on the COA' })
  @IsString()
  @Matches(/\S/, { message: 'reason must say why' })
  @MaxLength(500)
  reason!: string;
}

export class WithdrawNotTestedDto {
  @ApiProperty({ example: 'Subcontracted results arrived', description: 'Why the mark is withdrawn (kept in the audit trail)' })
  @IsString()
  @Matches(/\S/, { message: 'reason must say why the mark is withdrawn' })
  @MaxLength(500)
  reason!: string;
}

import { IsString } from 'class-validator';

/** The laboratory as its certificates name it. */
export class LabEnv {
  static readonly withoutDefault: readonly (keyof LabEnv)[] = [];

  @IsString() LAB_NAME = 'LabTrace Demo Laboratory';
  @IsString() LAB_ADDRESS = '100 Testing Way, Albany, NY 12207';
  @IsString() LAB_PHONE = '(518) 555-0142';
  @IsString() LAB_EMAIL = 'lab@demo.lab';
  @IsString() LAB_OCM_PERMIT_ID = 'OCM-LAB-25-000007';
  @IsString() LAB_ISO_ACCREDITATION_ID = 'ISO/IEC 17025:2017 Cert. 0000.01';
  @IsString() LAB_TIMEZONE = 'America/New_York';
}

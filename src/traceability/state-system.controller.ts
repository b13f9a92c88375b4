import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { receivesInState, TRACEABILITY_ADAPTER, TraceabilityAdapter } from './traceability.adapter';

export class StateSystemDto {
  @ApiProperty({ example: 'Metrc' }) name!: string;
  @ApiProperty({ description: 'False when receiving or rejecting a sample in LabTrace does not reach the state system (Metrc)' })
  receivesInState!: boolean;
  @ApiProperty({ nullable: true, type: String, description: "What people must do in the state system's UI on receipt, when LabTrace cannot" })
  receiptNote!: string | null;
  @ApiProperty({ example: 'a 24-character Metrc package label (digits and capital letters)' }) inventoryIdDescription!: string;
  @ApiProperty({ example: '^[0-9A-Z]{24}$' }) inventoryIdPattern!: string;
}

/** The state system this run reports to, as the console names it and checks inventory ids. */
@ApiTags('state-system')
@ApiBearerAuth()
@Controller('v1/state-system')
export class StateSystemController {
  constructor(@Inject(TRACEABILITY_ADAPTER) private readonly state: TraceabilityAdapter) {}

  @Get()
  @Roles('technician', 'manager', 'admin')
  @ApiOkResponse({ type: StateSystemDto })
  describe(): StateSystemDto {
    const receives = receivesInState(this.state);
    const name = this.state.displayName;
    return {
      name,
      receivesInState: receives,
      receiptNote: receives ? null : `${name} has no API to receive or reject a transfer: record the receipt (or rejection) of this package in ${name} too.`,
      inventoryIdDescription: this.state.inventoryIds.description,
      inventoryIdPattern: this.state.inventoryIds.pattern.source,
    };
  }
}

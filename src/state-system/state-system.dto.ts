import { ApiProperty } from '@nestjs/swagger';

/** The state traceability system this LabTrace run reports to, as the console names it. */
export class StateSystemDto {
  @ApiProperty({ example: 'Metrc', description: "The state system's name as people know it (BioTrack or Metrc)" })
  name!: string;

  @ApiProperty({
    example: '24-character package label',
    description: 'What the state calls an inventory id, for labels and hints ("16-digit inventory tag" or "24-character package label")',
  })
  inventoryIdLabel!: string;

  @ApiProperty({ example: '^[0-9A-Z]{24}$', description: 'The inventory-id pattern (JavaScript RegExp source) the API validates against' })
  inventoryIdPattern!: string;

  @ApiProperty({ example: 'a 24-character Metrc package label (digits and capital letters)', description: 'How a validation message finishes "… must be"' })
  inventoryIdDescription!: string;

  @ApiProperty({ description: "False when the state has no API to receive a transfer (Metrc): the receipt must also be recorded in the state's UI" })
  receivesInState!: boolean;
}

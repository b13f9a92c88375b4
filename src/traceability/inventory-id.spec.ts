import { validateSync } from 'class-validator';
import { IsInventoryId, inventoryIdSyntax, isInventoryId, useInventoryIdSyntax } from './inventory-id';

class Announced {
  @IsInventoryId()
  inventoryId!: string;

  @IsInventoryId({ each: true })
  parents!: string[];
}

// The active syntax is process-wide: these run in order, before and after it is set.
describe('the active inventory-id syntax', () => {
  it('is not guessed before boot: asking is an error that says how to set it', () => {
    expect(() => inventoryIdSyntax()).toThrow(/useInventoryIdSyntax/);
    expect(() => isInventoryId('1234567890123456')).toThrow(/no inventory-id syntax/i);
  });

  it("follows the adapter's syntax once set", () => {
    useInventoryIdSyntax({ pattern: /^1A4[0-9A-F]{21}$/, description: 'a 24-character tag starting 1A4' });
    expect(isInventoryId('1A4000000000000000000ABC')).toBe(true);
    expect(isInventoryId('1234567890123456')).toBe(false);
    expect(isInventoryId(1234567890123456)).toBe(false);
  });

  it('validates DTO fields and names the syntax in the message', () => {
    useInventoryIdSyntax({ pattern: /^\d{4}$/, description: 'exactly 4 digits' });
    const dto = Object.assign(new Announced(), { inventoryId: '12345', parents: ['1234', 'abcd'] });
    const messages = validateSync(dto).flatMap((e) => Object.values(e.constraints ?? {}));
    expect(messages.sort()).toEqual(['each of parents must be exactly 4 digits', 'inventoryId must be exactly 4 digits']);
  });
});

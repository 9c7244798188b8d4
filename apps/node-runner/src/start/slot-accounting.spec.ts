import { SlotAccounting } from './slot-accounting';

const GIB = 1024 ** 3;

describe('SlotAccounting', () => {
  it('counts free slots as leases occupy and vacate them', () => {
    const slots = new SlotAccounting(2, 4 * GIB);
    slots.occupy('lease-a');
    expect(slots.free).toBe(1);
    slots.occupy('lease-b');
    expect(slots.free).toBe(0);
    expect(slots.leaseIds).toEqual(['lease-a', 'lease-b']);
    expect(slots.vacate('lease-a')).toBe(true);
    expect(slots.vacate('lease-a')).toBe(false);
    expect(slots.free).toBe(1);
  });

  it('never reports negative free slots when the scheduler assigned more than asked for', () => {
    const slots = new SlotAccounting(1, GIB);
    slots.occupy('a');
    slots.occupy('b');
    expect(slots.free).toBe(0);
    expect(slots.freeMemoryBytes(GIB)).toBe(0);
  });

  it("offers the free slots' share of the memory budget, capped by what the system has free", () => {
    const slots = new SlotAccounting(4, 8 * GIB);
    slots.occupy('a');
    expect(slots.freeMemoryBytes(16 * GIB)).toBe(6 * GIB);
    expect(slots.freeMemoryBytes(GIB)).toBe(GIB);
  });

  it('refuses zero slots', () => {
    expect(() => new SlotAccounting(0, GIB)).toThrow(RangeError);
  });
});

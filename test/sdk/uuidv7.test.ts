import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Time } from '../../sdk/index.js';

describe('uuidv7', () => {
  it('is a version-7, RFC-variant UUID carrying its millisecond timestamp', () => {
    const at = Date.UTC(2026, 7, 21, 10, 0, 0, 123);
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidv7Time(id)).toBe(at);
  });

  it('sorts in creation order within one millisecond and when the clock steps back', () => {
    const at = Date.UTC(2026, 0, 1);
    const ids = [uuidv7(at), uuidv7(at), uuidv7(at), uuidv7(at - 5000), uuidv7(at), uuidv7(at + 1)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays ordered past the 4096 ids a millisecond counter can hold', () => {
    const at = Date.UTC(2027, 0, 1);
    const ids = Array.from({ length: 5000 }, () => uuidv7(at));
    expect([...ids].sort()).toEqual(ids);
  });

  it('reports no time for UUIDs of other versions', () => {
    expect(uuidv7Time('0b7f8e1c-2d3a-4f5b-8c6d-7e8f9a0b1c2d')).toBeUndefined();
  });
});

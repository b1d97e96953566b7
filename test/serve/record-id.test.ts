import { describe, expect, it } from 'vitest';
import { newRecordId } from '../../src/serve/record-id.ts';

describe('newRecordId (UUIDv7)', () => {
  it('is an RFC 9562 version-7 UUID whose first 48 bits are the creation time', () => {
    const at = Date.parse('2026-11-27T16:00:00.123Z');
    const id = newRecordId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts in creation order across milliseconds and does not repeat within one', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const ids = Array.from({ length: 200 }, (_, i) => newRecordId(start + i * 7));
    expect([...ids].sort()).toEqual(ids);
    const sameMs = new Set(Array.from({ length: 5000 }, () => newRecordId(start)));
    expect(sameMs.size).toBe(5000);
  });
});

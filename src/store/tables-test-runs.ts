// Test inventories per deploy, so the next deploy of the same service can tell which tests were
// added or removed. Times are UTC epoch milliseconds.

export interface TestRunTable {
  id: number | undefined; // autoincrement
  service: string;
  head_sha: string;
  recorded_at: number;
  /** JSON array of test ids (classname::name), sorted. */
  test_ids: string;
}

// Inserting a duplicate key is ordinary data here (idempotent writes), so it is recognised in one
// place. The dialects differ only in how the driver reports it; the difference is data, not code.

const UNIQUE_VIOLATION = {
  // better-sqlite3 SqliteError.code (extended result codes)
  sqlite: new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']),
  // node-postgres DatabaseError.code (SQLSTATE unique_violation)
  postgres: new Set(['23505']),
} as const;

export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return UNIQUE_VIOLATION.sqlite.has(code) || UNIQUE_VIOLATION.postgres.has(code);
}

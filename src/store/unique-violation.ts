// Kept for existing importers; the driver codes live with the other dialect differences.
export { isUniqueViolation } from './dialect.ts';

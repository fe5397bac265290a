export { seedRecords, type SeedDocument } from './seed-records.ts';

import type { ReportData } from './pipeline.ts';
export async function writeReport(_r: ReportData, _dir: string): Promise<void> {}

/** Test support: a Report assembled from the bundled example's real Series and Images and a given findings list. */
import { acquireSeries } from '../../../src/patchwork/acquire.ts';
import { buildImages } from '../../../src/tree/build-images.ts';
import { assembleReport } from '../../../src/pipeline/assemble-report.ts';
import type { Finding, Report, ScenarioReport } from '../../../src/report/report.ts';
import type { Series } from '../../../src/patchwork/series.ts';
import type { Images } from '../../../src/tree/images.ts';

let example: Promise<{ series: Series; images: Images }> | null = null;

export function exampleInputs(): Promise<{ series: Series; images: Images }> {
  example ??= (async () => {
    const series = await acquireSeries(undefined, { offline: true });
    const images = await buildImages(series, { offline: true });
    return { series, images };
  })();
  return example;
}

export async function exampleReport(findings: Finding[], layouts: Report['layouts'] = {}, scenarios: ScenarioReport[] = []): Promise<Report> {
  const { series, images } = await exampleInputs();
  return assembleReport('0.0.0-test', { series, images, findings, layouts, scenarios, behaviourNotes: [], notes: [] });
}

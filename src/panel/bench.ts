/**
 * Bench suite `panel`: the JavaScript a browser downloads to show each page of the built panel on
 * a first visit (the entry, its static imports and the page's own chunk), gzipped, from Vite's
 * build manifest. The target is the 350 KB for the initial page; the same-run baseline is
 * all of the panel's JavaScript, what one bundle without route-level splitting would ship.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchMeasurement, BenchSuite } from '../bench/harness.js';
import { round } from '../bench/harness.js';
import { DEFAULT_PANEL_DIR } from './serve.js';

interface ManifestChunk {
  file: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

const INITIAL_JS_TARGET_KB = 350;

function gzipKb(dir: string, files: Iterable<string>): number {
  let bytes = 0;
  for (const file of files) bytes += gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
  return bytes / 1024;
}

/** The JS files loaded eagerly from `key`: its own file and its static imports, transitively. */
function staticClosure(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const imported of chunk.imports ?? []) staticClosure(manifest, imported, into);
  return into;
}

export function measurePanel(dir = DEFAULT_PANEL_DIR): BenchMeasurement[] {
  const manifestFile = join(dir, '.vite', 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`no panel build at ${dir}: run npm run build`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const entryKey = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entryKey) throw new Error('panel build manifest has no entry');
  const allJs = readdirSync(join(dir, 'assets'))
    .filter((file) => file.endsWith('.js'))
    .map((file) => `assets/${file}`);
  const everything = gzipKb(dir, allJs);
  const pages = (manifest[entryKey]!.dynamicImports ?? []).filter((key) => key.includes('/pages/'));
  return pages.map((pageKey) => {
    const page = pageKey.replace(/^.*\/pages\/(\w+)\.tsx$/, '$1');
    const files = staticClosure(manifest, pageKey, staticClosure(manifest, entryKey));
    const value = round(gzipKb(dir, files), 1);
    const measurement: BenchMeasurement = {
      name: `initial JS, first visit to ${page} (gzip)`,
      value,
      unit: 'KB',
      baseline: { name: 'all panel JS in one bundle', value: round(everything, 1), ratio: round(value / everything, 2) },
      notes: `${files.size} files`,
    };
    if (page === 'Dashboard') measurement.target = { op: '<=', value: INITIAL_JS_TARGET_KB };
    return measurement;
  });
}

export const panelBench: BenchSuite = {
  name: 'panel',
  description: 'JS a first visit to each panel page downloads (gzip), vs all panel JS in one bundle',
  run: async () => measurePanel(),
};

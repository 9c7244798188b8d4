import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'vega-datasets';

/** Where the installed vega-datasets package lives, and its version (cited in the catalog). */
export interface VegaDatasetsPackage {
  readonly root: string;
  readonly version: string;
}

let located: VegaDatasetsPackage | undefined;

/** Finds the installed vega-datasets package. */
export function vegaDatasetsPackage(): VegaDatasetsPackage {
  located ??= locatePackage();
  return located;
}

/** Reads one data file (e.g. `penguins.json`) shipped in the package's `data/` folder. */
export function readVegaDataFile(fileName: string): string {
  return readFileSync(join(vegaDatasetsPackage().root, 'data', fileName), 'utf8');
}

// The package's "exports" map does not expose package.json, so require.resolve of it throws;
// resolve the entry point instead and walk up to the folder that holds the manifest.
function locatePackage(): VegaDatasetsPackage {
  let folder = dirname(require.resolve(PACKAGE_NAME));
  for (;;) {
    const manifest = readManifest(folder);
    if (manifest?.name === PACKAGE_NAME) return { root: folder, version: String(manifest.version) };
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`${PACKAGE_NAME} is installed without a package.json`);
    folder = parent;
  }
}

function readManifest(folder: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

import { tabulate, type Dataset } from './dataset';
import { readVegaDataFile } from './vega-datasets';

/** Daily measurements used as features, named as in `seattle-weather.csv`. */
export const WEATHER_FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'] as const;

const LABEL_COLUMN = 'weather';

/**
 * Seattle daily weather 2012–2015 from vega-datasets: weather type (drizzle, fog, rain, snow,
 * sun) from precipitation, maximum and minimum temperature and wind. Incomplete days are dropped.
 */
export function loadSeattleWeather(): Dataset {
  const [header, ...lines] = readVegaDataFile('seattle-weather.csv').trim().split(/\r?\n/);
  const columns = header.split(',');
  const featureColumns = WEATHER_FEATURES.map((name) => requireColumn(columns, name));
  const labelColumn = requireColumn(columns, LABEL_COLUMN);
  const records = lines.map((line) => {
    const cells = line.split(',');
    return { values: featureColumns.map((column) => parseNumber(cells[column])), label: cells[labelColumn] };
  });
  return tabulate(records, WEATHER_FEATURES);
}

function requireColumn(columns: readonly string[], name: string): number {
  const index = columns.indexOf(name);
  if (index < 0) throw new Error(`seattle-weather.csv has no "${name}" column`);
  return index;
}

// Number('') is 0, which would silently turn a missing cell into a measurement.
function parseNumber(cell: string | undefined): number | undefined {
  return cell === undefined || cell.trim() === '' ? undefined : Number(cell);
}

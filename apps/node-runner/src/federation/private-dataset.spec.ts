import { federationSchemaHash } from '@corex/node-protocol';
import { parsePrivateCsv } from './private-dataset';

const CSV = ['bill,flipper,species,mass', '39.1,181,Adelie,3750', '46.5,,Gentoo,4800', '50.0,220,Gentoo,5000', '45.2,195,Chinstrap,3600', 'NA,190,Adelie,3400'].join('\n');

describe('parsePrivateCsv', () => {
  it('keeps every column but the label as a numeric feature, in file order, and labels as indices of the sorted classes', () => {
    const table = parsePrivateCsv(CSV, { label: 'species' });
    expect(table.featureNames).toEqual(['bill', 'flipper', 'mass']);
    expect(table.classNames).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(table.rows).toBe(3);
    expect(Array.from(table.features)).toEqual([39.1, 181, 3750, 50, 220, 5000, 45.2, 195, 3600]);
    expect(Array.from(table.labels)).toEqual([0, 2, 1]);
  });

  it('skips rows with a missing value and counts them', () => {
    expect(parsePrivateCsv(CSV, { label: 'species' }).skipped).toBe(2);
  });

  it('indexes labels by the federation class list when one is given, even for classes this node lacks', () => {
    const table = parsePrivateCsv(CSV, { label: 'species', classes: ['Gentoo', 'Adelie', 'Chinstrap', 'Emperor'] });
    expect(table.classNames).toEqual(['Gentoo', 'Adelie', 'Chinstrap', 'Emperor']);
    expect(Array.from(table.labels)).toEqual([1, 0, 2]);
  });

  it('refuses a label outside the given class list', () => {
    expect(() => parsePrivateCsv(CSV, { label: 'species', classes: ['Adelie', 'Gentoo'] })).toThrow(expect.objectContaining({ code: 'DATASET.CLASS_UNKNOWN' }));
  });

  it('refuses a non-numeric feature value, naming its row and column', () => {
    const csv = 'a,b,label\n1,2,x\n3,tall,y\n';
    expect(() => parsePrivateCsv(csv, { label: 'label' })).toThrow(expect.objectContaining({ code: 'DATASET.FEATURE_NOT_NUMERIC', details: { row: 2, column: 'b' } }));
  });

  it('refuses a label column the header does not have', () => {
    expect(() => parsePrivateCsv(CSV, { label: 'island' })).toThrow(expect.objectContaining({ code: 'DATASET.LABEL_UNKNOWN' }));
  });

  it('refuses a file with a single class and no class list', () => {
    expect(() => parsePrivateCsv('a,label\n1,x\n2,x\n', { label: 'label' })).toThrow(expect.objectContaining({ code: 'DATASET.CLASSES_INVALID' }));
  });

  it('refuses rows with more fields than the header', () => {
    expect(() => parsePrivateCsv('a,label\n1,x,3\n', { label: 'label' })).toThrow(expect.objectContaining({ code: 'DATASET.CSV_MALFORMED' }));
  });

  it('reads quoted fields, CRLF line ends and a byte-order mark', () => {
    const table = parsePrivateCsv('\uFEFF"len, mm",label\r\n"1.5","a, b"\r\n2,c\r\n', { label: 'label' });
    expect(table.featureNames).toEqual(['len, mm']);
    expect(table.classNames).toEqual(['a, b', 'c']);
  });

  it('gives members with the same columns and classes the same schema hash, whatever their rows', () => {
    const a = parsePrivateCsv(CSV, { label: 'species' });
    const b = parsePrivateCsv('bill,flipper,species,mass\n1,2,Gentoo,3\n4,5,Chinstrap,6\n7,8,Adelie,9\n', { label: 'species' });
    expect(federationSchemaHash(a.featureNames, a.classNames)).toBe(federationSchemaHash(b.featureNames, b.classNames));
    expect(federationSchemaHash(a.featureNames, a.classNames)).not.toBe(federationSchemaHash(['flipper', 'bill', 'mass'], a.classNames));
  });
});

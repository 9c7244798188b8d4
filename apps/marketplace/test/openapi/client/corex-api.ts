// The types @corex/client generates from the served document (type-check.ts puts a fresh copy here in its own directory).
export type { components, paths } from '../../../../../libs/client/src/generated/marketplace';

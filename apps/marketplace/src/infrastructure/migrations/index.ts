import { InitialMarketplaceSchema1764028800000 } from './1764028800000-initial-marketplace-schema';

export const marketplaceMigrations = [InitialMarketplaceSchema1764028800000];

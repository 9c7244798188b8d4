import { InitialMarketplaceSchema1764028800000 } from './1764028800000-initial-marketplace-schema';
import { UploadsProgressAssignments1764115200000 } from './1764115200000-uploads-progress-assignments';

export const marketplaceMigrations = [InitialMarketplaceSchema1764028800000, UploadsProgressAssignments1764115200000];

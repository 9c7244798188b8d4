import { loadMarketplaceConfig } from './config';
import { startMarketplace } from './start';
import { builtinCatalog } from '@corex/compute';

async function main(): Promise<void> {
  const running = await startMarketplace(loadMarketplaceConfig(), { catalog: builtinCatalog() });
  const shutdown = () => void running.close().then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

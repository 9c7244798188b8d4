import { Controller, Get, Inject } from '@nestjs/common';
import { NetworkReader } from '../network.reader';
import type { Network } from '../network.schema';

/** Public: the chain, the contracts and the epoch, for users and dApps (no API key). */
@Controller('v1/network')
export class GetNetworkController {
  constructor(@Inject(NetworkReader) private readonly network: NetworkReader) {}

  @Get()
  get(): Promise<Network> {
    return this.network.read();
  }
}

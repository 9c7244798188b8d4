import { Controller, Get } from '@nestjs/common';
import { buildBridgeOpenApiDocument } from './openapi';

@Controller()
export class OpenApiController {
  private readonly document = buildBridgeOpenApiDocument('0.1.0');

  @Get('openapi.json')
  get() {
    return this.document;
  }
}

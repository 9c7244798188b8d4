import { Controller, Get } from '@nestjs/common';
import { buildOpenApiDocument } from './openapi';

@Controller()
export class OpenApiController {
  private readonly document = buildOpenApiDocument('0.1.0');

  @Get('openapi.json')
  get() {
    return this.document;
  }
}

import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { AdminGuard } from '../../http/auth.guards';
import { parseBody } from '../../http/parse-body';
import { CreateAccountHandler, type CreatedAccount } from './create-account.handler';
import { createAccountRequestSchema } from './create-account.request.dto';

@Controller('v1/accounts')
@UseGuards(AdminGuard)
export class CreateAccountController {
  constructor(private readonly handler: CreateAccountHandler) {}

  @Post()
  @HttpCode(201)
  create(@Req() req: Request): Promise<CreatedAccount> {
    return this.handler.execute(parseBody(createAccountRequestSchema, req));
  }
}

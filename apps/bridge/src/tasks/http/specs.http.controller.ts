import { Controller, Inject, Param, Put, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ValidationError } from '@corex/platform';
import { BRIDGE_TASKS } from '../../tokens';
import type { BridgeTasks } from '../bridge-tasks';

/** PUT /v1/specs/{keccakHex}: a Solana task's spec, uploaded before its transfer (the memo carries only the hash). */
@Controller('v1/specs')
export class SpecsController {
  constructor(@Inject(BRIDGE_TASKS) private readonly tasks: BridgeTasks) {}

  @Put(':hash')
  async put(@Param('hash') hash: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body)) throw new ValidationError('REQUEST.BODY_REQUIRED', 'the body is the spec bytes');
    const created = await this.tasks.specs.put(hash.toLowerCase(), new Uint8Array(body));
    res.status(created ? 201 : 200).json({ hash: hash.toLowerCase(), bytes: body.length });
  }
}

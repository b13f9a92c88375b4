import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/auth.decorators';
import { CoaService } from './coa.service';
import { renderVerifyPage } from './verify-page';

/** What the QR code on a COA opens: no login; HTML for people, JSON for programs that ask for it. */
@ApiTags('coa verification')
@Public()
@Controller('v1/coa/verify')
export class CoaVerifyController {
  constructor(private readonly coa: CoaService) {}

  @Get(':token')
  async verify(@Param('token') token: string, @Headers('accept') accept: string | undefined, @Res() res: Response): Promise<void> {
    const facts = await this.coa.verify(token);
    res.setHeader('Cache-Control', 'no-store');
    if (accept?.includes('application/json') && !accept.includes('text/html')) {
      res.json(facts);
      return;
    }
    res.type('html').send(renderVerifyPage(facts, this.coa.timeZone));
  }
}

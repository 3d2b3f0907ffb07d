import { isUuid } from '@actionhub/contracts';
import {
  AppPrincipal,
  CorrelationId,
  Principal,
  ProblemException,
  ZodValidationPipe,
} from '@actionhub/service-kit';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { RunDialogUseCase } from './run-dialog.use-case';

const runBody = z.object({
  endUserId: z.string().min(1).max(255),
  inputs: z.record(z.string(), z.union([z.string().max(5_000_000), z.number(), z.boolean()])).default({}),
});

@Controller('v1/apps/:appId/dialogs/:dialogId/runs')
export class RunsController {
  constructor(private readonly runDialog: RunDialogUseCase) {}

  /** Always 200 once the dialog exists: the status field says how the run ended. */
  @Post()
  @HttpCode(200)
  run(
    @Param('appId') appId: string,
    @Param('dialogId') dialogId: string,
    @Body(new ZodValidationPipe(runBody)) body: z.output<typeof runBody>,
    @Principal() principal: AppPrincipal,
    @CorrelationId() correlationId: string,
  ) {
    if (!isUuid(dialogId))
      throw new ProblemException(404, 'dialog_not_found', 'No dialog task with this id in this app.');
    return this.runDialog.execute({ appId, dialogId, edition: principal.edition, correlationId, ...body });
  }
}

import { ProblemException, ZodValidationPipe } from '@actionhub/service-kit';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { z } from 'zod';
import { isUuid } from '@actionhub/contracts';
import { DialogTaskEntity } from './dialog-task.entity';
import { dialogTaskView } from './dialog-task.view';
import { ListDialogTasksUseCase } from './list-dialog-tasks.use-case';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
});

@Controller('v1/apps/:appId/dialogs')
export class DialogTasksController {
  constructor(
    private readonly list: ListDialogTasksUseCase,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Get()
  index(
    @Param('appId') appId: string,
    @Query(new ZodValidationPipe(listQuery)) query: z.output<typeof listQuery>,
  ) {
    return this.list.execute(appId, query.limit, query.cursor);
  }

  @Get(':dialogId')
  async show(@Param('appId') appId: string, @Param('dialogId') dialogId: string) {
    const task = isUuid(dialogId)
      ? await this.db.manager.findOneBy(DialogTaskEntity, { appId, dialogId, deletedAt: IsNull() })
      : null;
    if (!task)
      throw new ProblemException(404, 'dialog_not_found', 'No dialog task with this id in this app.');
    return dialogTaskView(task);
  }
}

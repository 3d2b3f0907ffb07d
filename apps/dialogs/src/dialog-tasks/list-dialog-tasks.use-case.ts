import { ProblemException } from '@actionhub/service-kit';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DialogTaskEntity } from './dialog-task.entity';
import { dialogListItem } from './dialog-task.view';

interface Cursor {
  createdAt: string;
  dialogId: string;
}

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decode(cursor: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (
      typeof c.createdAt === 'string' &&
      !Number.isNaN(Date.parse(c.createdAt)) &&
      /^[0-9a-f-]{36}$/i.test(c.dialogId)
    ) {
      return c;
    }
  } catch {
    // answered below
  }
  throw new ProblemException(400, 'validation_failed', 'The cursor is not one this list gave out.', [
    { path: 'query.cursor', message: 'Invalid cursor' },
  ]);
}

/** The Dialogs page: newest first, keyset-paginated. */
@Injectable()
export class ListDialogTasksUseCase {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute(appId: string, limit: number, cursor?: string) {
    const query = this.db.manager
      .createQueryBuilder(DialogTaskEntity, 't')
      .where('t.app_id = :appId AND t.deleted_at IS NULL', { appId })
      .orderBy('t.created_at', 'DESC')
      .addOrderBy('t.dialog_id', 'DESC')
      .take(limit + 1);
    if (cursor) {
      const after = decode(cursor);
      query.andWhere('(t.created_at, t.dialog_id) < (:createdAt, :dialogId)', after);
    }
    const rows = await query.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(dialogListItem),
      nextCursor:
        rows.length > limit && last
          ? encode({ createdAt: last.createdAt.toISOString(), dialogId: last.dialogId })
          : null,
    };
  }
}

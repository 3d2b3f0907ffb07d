import { InitialSchema1795878095138 } from './1795878095138-initial-schema';
import { DialogTasks1795886635692 } from './1795886635692-dialog-tasks';
import { OutboxOrderPerKey1795984992407 } from './1795984992407-outbox-order-per-key';
import { LateReplays1795985305313 } from './1795985305313-late-replays';

/** Every migration of this service, in order. Add new ones at the end; never edit a released one. */
export const migrations = [
  InitialSchema1795878095138,
  DialogTasks1795886635692,
  OutboxOrderPerKey1795984992407,
  LateReplays1795985305313,
];

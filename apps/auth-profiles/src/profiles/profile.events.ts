import { AuthProfileDeletedV1, createEvent } from '@actionhub/contracts';

/** Built here so the contract tests verify the same function the delete use case appends. */
export const authProfileDeleted = (profile: { id: string; appId: string }, meta: { correlationId: string }) =>
  createEvent(AuthProfileDeletedV1, {
    appId: profile.appId,
    correlationId: meta.correlationId,
    payload: { profileId: profile.id },
  });

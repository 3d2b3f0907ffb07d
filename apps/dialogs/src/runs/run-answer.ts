import { JsonValue } from '@actionhub/contracts';

export const SOMETHING_WENT_WRONG = 'Something went wrong';

/** The answer of `POST /v1/apps/{appId}/dialogs/{dialogId}/runs`, always 200. */
export type RunAnswer =
  | {
      status: 'completed';
      runId: string;
      output: JsonValue;
      /** The message node's text, followed by its links ("View Content: https://..."). */
      message: string;
      links: { label: string; url: string }[];
    }
  | { status: 'input_required'; runId: string; missing: string[]; prompt: string }
  | { status: 'authorization_required'; runId: string; message: string; authorizationUrl: string }
  | {
      status: 'failed';
      runId: string;
      message: typeof SOMETHING_WENT_WRONG;
      errorId: string;
      /** For end users whose authorization ended for good: where to authorize again. */
      authorizationUrl?: string;
    };

/** Why a run failed; the reason goes to the log and the run record, never to the answer. */
export class RunFailure extends Error {
  override readonly name = 'RunFailure';

  constructor(
    readonly reason: string,
    readonly authorizationUrl?: string,
  ) {
    super(reason);
  }
}

import { JsonValue, ServiceNode, Subject } from '@actionhub/contracts';
import {
  Connector,
  ConnectorError,
  ConnectorRequest,
  createConnector,
  findAction,
} from '@actionhub/providers';
import {
  Edition,
  OutboundHttpClient,
  OutboundUrlPolicy,
  ProblemException,
  SERVICE_CONFIG,
  SERVICE_LOGGER,
} from '@actionhub/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { ActionConfigurationEntity } from '../action-configurations/action-configuration.entity';
import { AppConfig } from '../config/dialogs.config';
import { DialogError, rejectionTarget, runDialog } from '../dialog-language/dialog-interpreter';
import { checkEntities, EntityInput } from '../dialog-language/entity-values';
import { runContext } from '../dialog-language/run-context';
import { MissingValueError } from '../dialog-language/placeholders';
import { DialogTaskEntity } from '../dialog-tasks/dialog-task.entity';
import { AuthProfilesClient, AuthProfilesError, Resolution } from './auth-profiles.client';
import { DialogRunEntity } from './dialog-run.entity';
import { RunAnswer, RunFailure, SOMETHING_WENT_WRONG } from './run-answer';

export interface RunDialogCommand {
  appId: string;
  dialogId: string;
  edition: Edition;
  correlationId: string;
  endUserId: string;
  inputs: Record<string, EntityInput>;
}

type ReadyConfig = ActionConfigurationEntity & { enabled: true };

/**
 * One run of a dialog task: ask for missing entities, resolve the connection (the app's for
 * pre-authorize, the end user's for user-authorize, with an authorization link when there is
 * none), call the integration, and answer with the message. A token the provider refuses is
 * re-resolved once; everything else that fails answers "Something went wrong" with an error id.
 */
@Injectable()
export class RunDialogUseCase {
  private readonly connectors = new Map<string, Connector>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly authProfiles: AuthProfilesClient,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: RunDialogCommand): Promise<RunAnswer> {
    const task = await this.db.manager.findOneBy(DialogTaskEntity, {
      appId: command.appId,
      dialogId: command.dialogId,
      deletedAt: IsNull(),
    });
    if (!task)
      throw new ProblemException(404, 'dialog_not_found', 'No dialog task with this id in this app.');
    const runId = randomUUID();
    const log = this.logger.child({
      runId,
      appId: command.appId,
      dialogId: task.dialogId,
      templateKey: task.templateKey,
      correlationId: command.correlationId,
    });

    let answer: RunAnswer;
    let reason: string | null = null;
    try {
      answer = await this.run(runId, task, command);
    } catch (error) {
      if (!(error instanceof RunFailure)) throw error;
      reason = error.reason;
      const errorId = randomUUID();
      answer = {
        status: 'failed',
        runId,
        message: SOMETHING_WENT_WRONG,
        errorId,
        ...(error.authorizationUrl ? { authorizationUrl: error.authorizationUrl } : {}),
      };
      log.error({ errorId, reason }, 'dialog run failed');
    }
    await this.db.manager.insert(DialogRunEntity, {
      runId,
      appId: command.appId,
      dialogId: task.dialogId,
      endUserId: command.endUserId,
      status: answer.status,
      errorId: answer.status === 'failed' ? answer.errorId : null,
      reason,
    });
    if (answer.status !== 'failed') log.info({ status: answer.status }, 'dialog run answered');
    return answer;
  }

  private async run(runId: string, task: DialogTaskEntity, command: RunDialogCommand): Promise<RunAnswer> {
    const definition = task.definition;
    const { values, missing } = checkEntities(definition.entities, command.inputs);
    if (missing.length > 0) {
      return {
        status: 'input_required',
        runId,
        missing: missing.map((e) => e.name),
        prompt: missing[0].prompt,
      };
    }

    const config = await this.readyConfig(task);
    const subject: Subject =
      config.authorizationType === 'pre-authorize'
        ? { type: 'app' }
        : { type: 'end-user', endUserId: command.endUserId };
    const resolved = await this.resolve(task, config, subject, command, false);
    if (resolved.kind === 'authorization_required') {
      return {
        status: 'authorization_required',
        runId,
        message: `Please authorize ${actionName(task.actionKey)} to continue, then ask again.`,
        authorizationUrl: resolved.authorizationUrl,
      };
    }

    let credentials = resolved.credentials;
    let refreshed = false;
    const connector = this.connectorFor(task.actionKey);
    const callService = async (node: ServiceNode, request: ConnectorRequest) => {
      try {
        return await connector.call(credentials, request);
      } catch (error) {
        if (!(error instanceof ConnectorError)) throw error;
        // A refusal the dialog expects is an answer: the interpreter goes on at its node.
        if (rejectionTarget(node, error)) throw error;
        if (error.kind !== 'authorization_expired' || refreshed) {
          throw new RunFailure(`service node "${node.id}" failed (${error.kind}): ${error.message}`);
        }
        // The token was refused (expired or revoked early): re-resolve once, which refreshes it.
        refreshed = true;
        const again = await this.resolve(task, config, subject, command, true);
        if (again.kind !== 'resolved') {
          throw new RunFailure(
            `service node "${node.id}": token refused and no usable connection after re-resolving`,
          );
        }
        credentials = again.credentials;
        try {
          return await connector.call(credentials, request);
        } catch (retryError) {
          if (!(retryError instanceof ConnectorError)) throw retryError;
          throw new RunFailure(
            `service node "${node.id}" failed after one refresh (${retryError.kind}): ${retryError.message}`,
          );
        }
      }
    };

    try {
      const outcome = await runDialog(definition, values, callService, runContext(resolved.site));
      const linkLines = outcome.links.map((l) => `\n${l.label}: ${l.url}`).join('');
      return {
        status: 'completed',
        runId,
        output: outcome.output as JsonValue,
        message: `${outcome.message}${linkLines}`,
        links: outcome.links,
      };
    } catch (error) {
      if (error instanceof DialogError || error instanceof MissingValueError) {
        throw new RunFailure(`dialog cannot go on: ${error.message}`);
      }
      throw error;
    }
  }

  /** The local view of the action's configuration; a disabled action never reaches the integration. */
  private async readyConfig(task: DialogTaskEntity): Promise<ReadyConfig> {
    const config = await this.db.manager.findOneBy(ActionConfigurationEntity, {
      appId: task.appId,
      actionKey: task.actionKey,
    });
    if (!config) throw new RunFailure(`action "${task.actionKey}" is not configured for this app`);
    const custom = task.definition.nodes.some((n) => n.kind === 'service' && n.serviceType === 'custom');
    if (!config.enabled || custom) {
      throw new RunFailure(
        `action "${task.actionKey}" is disabled: its service nodes are custom, so the integration is not called`,
      );
    }
    return config as ReadyConfig;
  }

  private async resolve(
    task: DialogTaskEntity,
    config: ReadyConfig,
    subject: Subject,
    command: RunDialogCommand,
    forceRefresh: boolean,
  ): Promise<
    Extract<Resolution, { kind: 'resolved' }> | { kind: 'authorization_required'; authorizationUrl: string }
  > {
    let resolution: Resolution;
    try {
      resolution = await this.authProfiles.resolve(
        task.appId,
        { actionKey: task.actionKey, subject },
        { forceRefresh, correlationId: command.correlationId },
      );
    } catch (error) {
      if (error instanceof AuthProfilesError) throw new RunFailure(error.message);
      throw error;
    }
    if (resolution.kind === 'resolved') return resolution;
    if (subject.type === 'app') {
      throw new RunFailure(
        resolution.kind === 'connection_not_found'
          ? 'the app has no connection for this pre-authorized action'
          : 'the app connection needs a new authorization (refresh failed for good)',
      );
    }
    const authorizationUrl = await this.endUserAuthorizationUrl(task, config, subject, command);
    if (resolution.kind === 'connection_not_found')
      return { kind: 'authorization_required', authorizationUrl };
    // The seed: a refresh that failed for good answers "Something went wrong" with a re-authorization link.
    throw new RunFailure(
      "the end user's connection needs a new authorization (refresh failed for good)",
      authorizationUrl,
    );
  }

  private async endUserAuthorizationUrl(
    task: DialogTaskEntity,
    config: ReadyConfig,
    subject: Subject,
    command: RunDialogCommand,
  ): Promise<string> {
    try {
      return await this.authProfiles.authorizationUrl(
        task.appId,
        {
          actionKey: task.actionKey,
          profileId: config.profile.kind === 'system' ? 'system' : config.profile.profileId,
          subject,
          edition: command.edition,
        },
        command.correlationId,
      );
    } catch (error) {
      if (error instanceof AuthProfilesError) throw new RunFailure(error.message);
      throw error;
    }
  }

  private http?: OutboundHttpClient;

  private connectorFor(actionKey: string): Connector {
    let connector = this.connectors.get(actionKey);
    if (!connector) {
      // Basic sites are tenant-controlled URLs: every call is checked, pinned, timed out and capped.
      this.http ??= new OutboundHttpClient(
        new OutboundUrlPolicy(this.config.OUTBOUND_ALLOWLIST),
        this.config.CONNECTOR_TIMEOUT_MS,
      );
      connector = createConnector(actionKey, {
        maxRetryWaitMs: this.config.CONNECTOR_MAX_RETRY_WAIT_MS,
        requestTimeoutMs: this.config.CONNECTOR_TIMEOUT_MS,
        fetch: this.http.fetch,
      });
      if (!connector) throw new RunFailure(`no connector for action "${actionKey}"`);
      this.connectors.set(actionKey, connector);
    }
    return connector;
  }
}

const actionName = (actionKey: string) => findAction(actionKey)?.name ?? actionKey;

import 'reflect-metadata';
import { runMigrations } from '@actionhub/service-kit';
import { SERVICE_NAME } from './config/action-config.config';
import { createDataSource } from './database/data-source';

// The Nx "migrate" target, the container's pre-start step and the Kubernetes migration Job.
void runMigrations(SERVICE_NAME, createDataSource);

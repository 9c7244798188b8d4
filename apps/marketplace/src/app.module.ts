import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { CreateAccountController } from './accounts/create-account/create-account.http.controller';
import { CreateAccountHandler } from './accounts/create-account/create-account.handler';
import { GetCatalogController } from './catalog/get-catalog/get-catalog.http.controller';
import { AdminGuard, ApiKeyGuard } from './http/auth.guards';
import { GetJobController } from './jobs/get-job/get-job.http.controller';
import { ListJobsController } from './jobs/list-jobs/list-jobs.http.controller';
import { SubmitJobController } from './jobs/submit-job/submit-job.http.controller';
import { SubmitJobHandler } from './jobs/submit-job/submit-job.handler';
import { GetNodeController } from './nodes/get-node/get-node.http.controller';
import { HealthController } from './ops/health.controller';
import { MetricsController } from './ops/metrics.controller';
import { OpenApiController } from './ops/openapi.controller';

/** Wiring only: infrastructure instances come in as providers built by startMarketplace. */
@Module({})
export class AppModule {
  static with(infrastructure: Provider[]): DynamicModule {
    return {
      module: AppModule,
      controllers: [
        CreateAccountController,
        GetCatalogController,
        SubmitJobController,
        ListJobsController,
        GetJobController,
        GetNodeController,
        HealthController,
        MetricsController,
        OpenApiController,
      ],
      providers: [...infrastructure, ApiKeyGuard, AdminGuard, CreateAccountHandler, SubmitJobHandler],
    };
  }
}

import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CreateAccountController } from './accounts/create-account/create-account.http.controller';
import { AccountFundsController } from './accounts/funds/account-funds.http.controller';
import { FundsLedger } from './accounts/funds/funds-ledger';
import { FundsStore } from './accounts/funds/funds.store';
import { CreateAccountHandler } from './accounts/create-account/create-account.handler';
import { GetCatalogController } from './catalog/get-catalog/get-catalog.http.controller';
import { AdminGuard, ApiKeyGuard } from './http/auth.guards';
import { ConcurrencySlots, RateLimiter } from './http/rate-limit';
import { RequestStringsInterceptor } from './http/request-strings.interceptor';
import { CONFIG, RATE_LIMITER, SSE_SLOTS } from './infrastructure/tokens';
import type { MarketplaceConfig } from './config';
import { CancelJobController } from './jobs/cancel-job/cancel-job.http.controller';
import { CancelJobHandler } from './jobs/cancel-job/cancel-job.handler';
import { GetJobController } from './jobs/get-job/get-job.http.controller';
import { GetJobResultController } from './jobs/get-result/get-job-result.http.controller';
import { DownloadModelController } from './jobs/download-model/download-model.http.controller';
import { DownloadOutputController } from './jobs/download-output/download-output.http.controller';
import { JobEventsController } from './jobs/job-events/job-events.http.controller';
import { ListJobsController } from './jobs/list-jobs/list-jobs.http.controller';
import { ListStepsController } from './jobs/list-steps/list-steps.http.controller';
import { ListFragmentsController } from './jobs/verification/list-fragments.http.controller';
import { QuoteJobController } from './jobs/quote-job/quote-job.http.controller';
import { QuoteJobHandler } from './jobs/quote-job/quote-job.handler';
import { SubmitJobController } from './jobs/submit-job/submit-job.http.controller';
import { SubmitJobHandler } from './jobs/submit-job/submit-job.handler';
import { GetAssignmentController } from './nodes/get-assignment/get-assignment.http.controller';
import { GetNodeController } from './nodes/get-node/get-node.http.controller';
import { JobCostController } from './settlement/job-cost.http.controller';
import { JobProofsController } from './settlement/job-proofs.http.controller';
import { GetNetworkController } from './network/get-network/get-network.http.controller';
import { NetworkReader } from './network/network.reader';
import { HealthController } from './ops/health.controller';
import { MetricsController } from './ops/metrics.controller';
import { OpenApiController } from './ops/openapi.controller';
import { RegisterDatasetController } from './uploads/register-dataset/register-dataset.http.controller';
import { RegisterDatasetHandler } from './uploads/register-dataset/register-dataset.handler';
import { RegisterModelController } from './uploads/register-model/register-model.http.controller';
import { RegisterModelHandler } from './uploads/register-model/register-model.handler';
import { DatasetsController } from './uploads/manage-uploads/datasets.http.controller';
import { DeleteUploadHandler } from './uploads/manage-uploads/delete-upload.handler';
import { DatasetDownload } from './uploads/download-dataset/dataset-download';
import { ModelsController } from './uploads/manage-uploads/models.http.controller';
import { JobReportController } from './jobs/report/job-report.http.controller';
import { FragmentLineageController, ModelLineageController } from './models-registry/model-lineage.http.controller';
import { ModelVersionsController } from './models-registry/model-versions.http.controller';
import { GetFederationController } from './federations/get-federation.http.controller';
import { OperatorEventsController } from './operator/events/operator-events.http.controller';
import { OperatorSessionGuard } from './operator/sign-in/operator-session.guard';
import { OperatorSignInController } from './operator/sign-in/sign-in.http.controller';
import { OperatorViewsController } from './operator/views/operator-views.http.controller';
import { ChainReaderGuard } from './chain-records/chain-reader.guard';
import { ChainTransactionsReader } from './chain-records/chain-transactions.reader';
import { GetChainTransactionController } from './chain-records/get-transaction.http.controller';

/** Wiring only: infrastructure instances come in as providers built by startMarketplace. */
@Module({})
export class AppModule {
  static with(infrastructure: Provider[]): DynamicModule {
    return {
      module: AppModule,
      controllers: [
        CreateAccountController,
        AccountFundsController,
        GetCatalogController,
        RegisterDatasetController,
        RegisterModelController,
        DatasetsController,
        ModelsController,
        ModelVersionsController,
        ModelLineageController,
        FragmentLineageController,
        JobReportController,
        SubmitJobController,
        QuoteJobController,
        ListJobsController,
        GetJobController,
        JobEventsController,
        ListStepsController,
        ListFragmentsController,
        JobCostController,
        JobProofsController,
        GetJobResultController,
        DownloadModelController,
        DownloadOutputController,
        CancelJobController,
        GetNodeController,
        GetAssignmentController,
        GetNetworkController,
        GetFederationController,
        GetChainTransactionController,
        OperatorSignInController,
        OperatorViewsController,
        OperatorEventsController,
        HealthController,
        MetricsController,
        OpenApiController,
      ],
      providers: [
        ...infrastructure,
        { provide: APP_INTERCEPTOR, useClass: RequestStringsInterceptor },
        {
          provide: RATE_LIMITER,
          inject: [CONFIG],
          useFactory: (c: MarketplaceConfig) => new RateLimiter({ burst: c.RATE_LIMIT_BURST, perSecond: c.RATE_LIMIT_PER_SECOND }),
        },
        { provide: SSE_SLOTS, inject: [CONFIG], useFactory: (c: MarketplaceConfig) => new ConcurrencySlots(c.SSE_MAX_STREAMS_PER_KEY) },
        ApiKeyGuard,
        AdminGuard,
        OperatorSessionGuard,
        CreateAccountHandler,
        FundsStore,
        FundsLedger,
        SubmitJobHandler,
        QuoteJobHandler,
        CancelJobHandler,
        RegisterDatasetHandler,
        RegisterModelHandler,
        DeleteUploadHandler,
        DatasetDownload,
        NetworkReader,
        ChainReaderGuard,
        ChainTransactionsReader,
      ],
    };
  }
}

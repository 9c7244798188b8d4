import {
  DatasetDeleted,
  DatasetRegistered,
  ModelDeleted,
  ModelRegistered,
  type DatasetRegisteredData,
  type EventEnvelope,
  type ModelRegisteredData,
} from '@corex/events';
import type { ProjectionDefinition } from '@corex/projections';

export interface DatasetRow {
  id: string;
  account_id: string;
  name: string;
  rows: number;
  feature_names: string[];
  class_names: string[];
  target_name: string | null;
  label_name: string | null;
  output_column_index: number | null;
  blob_hash: string;
  bytes: number;
  registered_at: string;
  version: number;
}

export interface ModelRow {
  id: string;
  account_id: string;
  name: string;
  graph_hash: string;
  bytes: number;
  inputs: ModelRegisteredData['inputs'];
  outputs: ModelRegisteredData['outputs'];
  tasks: string[];
  registered_at: string;
  version: number;
}

/** Datasets accounts uploaded and have not deleted; each is listed to its own account only. */
export const datasetsProjection: ProjectionDefinition<DatasetRow> = {
  name: 'marketplace.datasets',
  table: 'marketplace.datasets',
  key: 'id',
  filter: 'dataset.*',
  handles: [DatasetRegistered.type, DatasetDeleted.type],
  creates: [DatasetRegistered.type],
  keyOf: (e: EventEnvelope) => (e.data as DatasetRegisteredData).datasetId,
  evolve: (_row, e, seq) => {
    if (e.type === DatasetDeleted.type) return null;
    const d = e.data as DatasetRegisteredData;
    return {
      id: d.datasetId,
      account_id: d.accountId,
      name: d.name,
      rows: d.rows,
      feature_names: d.featureNames,
      class_names: d.classNames,
      target_name: d.targetName ?? null,
      label_name: d.labelName ?? null,
      output_column_index: d.outputColumnIndex ?? null,
      blob_hash: d.blobHash,
      bytes: d.bytes,
      registered_at: d.registeredAt,
      version: seq,
    };
  },
};

/** ONNX models accounts uploaded and have not deleted; each is listed to its own account only. */
export const modelsProjection: ProjectionDefinition<ModelRow> = {
  name: 'marketplace.models',
  table: 'marketplace.models',
  key: 'id',
  filter: 'model.*',
  handles: [ModelRegistered.type, ModelDeleted.type],
  creates: [ModelRegistered.type],
  keyOf: (e: EventEnvelope) => (e.data as ModelRegisteredData).modelId,
  evolve: (_row, e, seq) => {
    if (e.type === ModelDeleted.type) return null;
    const d = e.data as ModelRegisteredData;
    return {
      id: d.modelId,
      account_id: d.accountId,
      name: d.name,
      graph_hash: d.graphHash,
      bytes: d.bytes,
      inputs: d.inputs,
      outputs: d.outputs,
      tasks: d.tasks,
      registered_at: d.registeredAt,
      version: seq,
    };
  },
};

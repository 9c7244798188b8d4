import { notFound, pathParam, problemResponse, type PathItems } from '../openapi.helpers';

/** Downloads of the output blobs a completed job's result document lists. */
export const jobOutputsPaths: PathItems = {
  '/v1/jobs/{id}/outputs/{hash}': {
    get: {
      operationId: 'downloadJobOutput',
      tags: ['jobs'],
      summary: 'One output blob of a completed job (a preprocessed shard, a part of the predictions or embeddings), as a tensor map or CSV',
      description:
        'The blobs a job can serve are those its result document (GET /v1/jobs/{id}/result) lists in `shards` (preprocessed-data) or `parts` ' +
        '(predictions, embeddings), each with its `url`. `format=tensors` (default, or `Accept: application/octet-stream`) sends the tensor map ' +
        'as stored (the @corex/compute tensor-map codec: `CXTM`, a JSON header of names, dtypes and dims, then the aligned data); `format=csv` ' +
        '(or `Accept: text/csv`) sends the output tensor as CSV: a header `row`, then one column per class (probabilities), dataset feature ' +
        '(a preprocessed shard), target (a regressor’s prediction) or dimension (embeddings, `embeddings_<i>`); one record per row, headed by ' +
        'its row number in the dataset; floats as the shortest decimal that reads back as the same float32. The body is streamed.',
      parameters: [
        pathParam('id', 'The id of one of your jobs'),
        pathParam('hash', 'The blobHash of a shard or part the job’s result document lists'),
        {
          name: 'format',
          in: 'query',
          required: false,
          description: 'tensors (the tensor map as stored) or csv; when absent, the Accept header decides, else tensors',
          schema: { type: 'string', enum: ['tensors', 'csv'] },
        },
      ],
      responses: {
        200: {
          description: 'The output; ETag is the blob’s sha256',
          headers: {
            ETag: { description: 'The sha256 of the blob, quoted', schema: { type: 'string', maxLength: 66 } },
            'Content-Disposition': { description: 'attachment; filename="<job id>-<hash prefix>.tensors|csv"', schema: { type: 'string', maxLength: 160 } },
          },
          content: {
            'application/octet-stream': { schema: { type: 'string', format: 'binary', maxLength: 1024 * 1024 * 1024 } },
            'text/csv': { schema: { type: 'string', maxLength: 4 * 1024 * 1024 * 1024 }, example: 'row,Adelie,Chinstrap,Gentoo\n0,0.91,0.06,0.03\n' },
          },
        },
        400: problemResponse('REQUEST.INVALID_QUERY: format is neither csv nor tensors, or an unknown query parameter'),
        404: notFound(
          'JOB.NOT_FOUND: no such job among yours (another account’s answers the same); JOB.OUTPUT_NOT_FOUND: the job’s result lists no such output (any other hash, another job’s included)',
        ),
        409: problemResponse('JOB.NOT_FINISHED while the job runs; JOB.NO_RESULT when it failed or was cancelled'),
        503: problemResponse('JOB.RESULT_UNAVAILABLE or JOB.OUTPUT_UNAVAILABLE: the result document or the blob cannot be read right now; retry later'),
      },
    },
  },
};

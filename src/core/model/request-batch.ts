import type { Aggregate, AggregateRequest } from '../metric-reader.ts';

/**
 * Collects the aggregate requests of many computations so a store can answer them together.
 * `add` returns a handle that reads its request's result once the batch has been answered.
 */
export interface RequestBatch {
  add(request: AggregateRequest): () => Aggregate[];
  requests: readonly AggregateRequest[];
  /** Hands the answers over, in request order. */
  answer(results: readonly Aggregate[][]): void;
}

export function createRequestBatch(): RequestBatch {
  const requests: AggregateRequest[] = [];
  let results: readonly Aggregate[][] | undefined;
  return {
    requests,
    add(request) {
      const index = requests.push(request) - 1;
      return () => {
        if (!results) throw new Error('request batch read before it was answered');
        return results[index] ?? [];
      };
    },
    answer(answers) {
      results = answers;
    },
  };
}

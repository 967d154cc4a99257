/**
 * A worker thread of a parallel run (`parallel.ts`): takes the next file from the shared counter until none is
 * left, lints it with the settings the main thread worked out, and posts its outcome back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lintOne, workerOptions, type WorkerData, type WorkerMessage } from './parallel.js';
import { newLane } from './pipeline/lane.js';

async function work(data: WorkerData, post: (message: WorkerMessage) => void): Promise<void> {
  const next = new Int32Array(data.counter);
  const lane = newLane();
  try {
    for (let i = Atomics.add(next, 0, 1); i < data.files.length; i = Atomics.add(next, 0, 1)) {
      const { kept: _kept, ...outcome } = await lintOne(data.files[i]!, workerOptions(data.shared, data.plans[i]!), lane);
      post({ type: 'file', index: i, outcome });
    }
    post({ type: 'done' });
  } finally {
    lane.handlers.dispose();
  }
}

if (parentPort) {
  const port = parentPort;
  work(workerData as WorkerData, (message) => port.postMessage(message)).catch((error: unknown) => {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
  });
}

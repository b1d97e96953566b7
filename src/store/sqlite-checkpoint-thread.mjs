// Worker thread that checkpoints a SQLite WAL file in the background (see dialect.ts,
// backgroundCheckpoints). Plain JavaScript: a worker does not inherit the tsx loader the CLI
// registers. It only runs PASSIVE checkpoints, which never block readers or writers.
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const db = new BetterSqlite3(workerData.file);
db.pragma('busy_timeout = 5000');

function checkpoint() {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    parentPort.postMessage({ type: 'error', message: String(e?.message ?? e) });
  }
}

const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ type: 'stopped' });
});

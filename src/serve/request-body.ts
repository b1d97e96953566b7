// Request bodies as text, under the body limit.
//
// On @hono/node-server the body is read straight from Node's IncomingMessage. Going through the
// Fetch API instead (c.req.json(), or hono's bodyLimit middleware, which looks at `raw.body`) makes
// the adapter build a full undici Request for every call: a Headers copy, an AbortController and a
// web ReadableStream over the socket. On the scoring path that was a large share of each request
// (profiled: Request construction, Readable.toWeb, makeTransferable, and the garbage they leave).
// Anywhere else (app.request() in tests, another runtime) the Fetch Request is read, with the same
// limit applied while reading.
import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors.ts';

export function bodyTooLarge(limit: number): AppError {
  return new AppError('payload_too_large', `request body is over ${limit} bytes`, { limit });
}

/** True when nothing has read or started reading this request's body yet. */
function unread(incoming: IncomingMessage | undefined): incoming is IncomingMessage {
  return (
    incoming !== undefined &&
    typeof incoming.on === 'function' &&
    incoming.readable &&
    !incoming.readableDidRead &&
    incoming.listenerCount('data') === 0 &&
    incoming.listenerCount('readable') === 0
  );
}

function readIncoming(incoming: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (err: AppError | null) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
      if (err) {
        // Discard the rest instead of leaving the socket stalled, so the 413 can be delivered.
        incoming.resume();
        reject(err);
      } else resolve(Buffer.concat(chunks, size).toString('utf8'));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) done(bodyTooLarge(limit));
      else chunks.push(chunk);
    };
    const onEnd = () => done(null);
    const onError = () => done(new AppError('bad_input', 'the request body was cut off'));
    const onClose = () => {
      if (!incoming.complete) onError();
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('close', onClose);
  });
}

async function readFetchBody(raw: Request, limit: number): Promise<string> {
  if (!raw.body) return '';
  const reader = raw.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw bodyTooLarge(limit);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** The whole body as UTF-8 text; payload_too_large past `limit` bytes. */
export function readBodyText(
  raw: Request,
  incoming: IncomingMessage | undefined,
  limit: number,
): Promise<string> {
  return unread(incoming) ? readIncoming(incoming, limit) : readFetchBody(raw, limit);
}

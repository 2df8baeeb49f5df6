import { createReadStream } from 'node:fs';
import http from 'node:http';
import type { Readable } from 'node:stream';
import type { SourceFile } from './disk';

/**
 * A chunked upload through Box's upload-session API, driven over plain HTTP with every part
 * streamed from disk: box-node-sdk would buffer the whole file in memory, which is the client's
 * cost, not the server's, but would also slow the client down. `parallel` parts are in flight at
 * once, as Content Uploader does (its multiput config: parallelism 4).
 */

interface SessionJson {
  id: string;
  part_size: number;
  total_parts: number;
  session_endpoints: { upload_part: string; commit: string };
}

interface PartJson {
  part_id: string;
  offset: number;
  size: number;
  sha1: string;
}

export async function uploadBySession(options: {
  apiUrl: string;
  token: string;
  source: SourceFile;
  folderId: string;
  name: string;
  parallel: number;
}): Promise<{ fileId: string; commitSeconds: number }> {
  const { source, token } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.parallel });
  const auth = { Authorization: `Bearer ${token}` };
  try {
    const session = (await send(agent, `${options.apiUrl}/api/2.0/files/upload_sessions`, 'POST', 201, {
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ folder_id: options.folderId, file_size: source.size, file_name: options.name }),
    })) as SessionJson;
    if (session.part_size !== source.partSize)
      throw new Error(
        `the session wants ${session.part_size}-byte parts, the source was hashed in ${source.partSize}`,
      );

    const parts: PartJson[] = [];
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < session.total_parts; index = next++) {
        const start = index * source.partSize;
        const end = Math.min(start + source.partSize, source.size) - 1;
        const reply = (await send(agent, session.session_endpoints.upload_part, 'PUT', 200, {
          headers: {
            ...auth,
            'Content-Type': 'application/octet-stream',
            'Content-Length': String(end - start + 1),
            'Content-Range': `bytes ${start}-${end}/${source.size}`,
            Digest: `sha=${source.partSha1s[index]!.toString('base64')}`,
          },
          body: createReadStream(source.path, { start, end }),
        })) as { part: PartJson };
        parts.push(reply.part);
      }
    };
    await Promise.all(Array.from({ length: options.parallel }, worker));

    parts.sort((a, b) => a.offset - b.offset);
    const commitStarted = process.hrtime.bigint();
    const committed = (await send(agent, session.session_endpoints.commit, 'POST', 201, {
      headers: {
        ...auth,
        'Content-Type': 'application/json',
        Digest: `sha=${source.sha1.toString('base64')}`,
      },
      body: JSON.stringify({ parts }),
    })) as { entries: { id: string; size: number }[] };
    const file = committed.entries[0];
    if (!file || file.size !== source.size) throw new Error('the commit did not answer the whole file');
    return { fileId: file.id, commitSeconds: Number(process.hrtime.bigint() - commitStarted) / 1e9 };
  } finally {
    agent.destroy();
  }
}

/** One request; resolves to the parsed JSON answer when the status is the expected one. */
function send(
  agent: http.Agent,
  url: string,
  method: string,
  expected: number,
  options: { headers: Record<string, string>; body: string | Readable },
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: options.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        if (res.statusCode !== expected)
          return reject(new Error(`${method} ${url}: ${res.statusCode} ${text.slice(0, 300)}`));
        try {
          resolve(JSON.parse(text));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (typeof options.body === 'string') req.end(options.body);
    else options.body.on('error', reject).pipe(req);
  });
}

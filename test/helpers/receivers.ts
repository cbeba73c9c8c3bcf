import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One request an HTTP receiver got. */
export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The status it answered with (0 when the test dropped the request unanswered). */
  status: number;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Requests to `path` that were answered 2xx. */
  accepted(path: string): ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback that records every POST. `answer` picks the status of each request
 * (default 200); returning null leaves the request unanswered (the test does something first).
 */
export async function startHttpReceiver(answer: (request: ReceivedRequest, index: number) => number | null = () => 200): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const received: ReceivedRequest = { path: request.url ?? '/', headers: request.headers, body: text ? JSON.parse(text) : null, status: 0 };
      requests.push(received);
      const status = answer(received, requests.length - 1);
      if (status === null) return;
      received.status = status;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'failing on purpose');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    accepted: (path) => requests.filter((request) => request.path === path && request.status >= 200 && request.status < 300),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const TLS_DIR = join(import.meta.dirname, '..', 'fixtures', 'tls');

export interface ReceivedMail {
  mail: ParsedMail;
  /** The envelope's recipients. */
  to: string[];
  /** Whether the session was upgraded with STARTTLS before the message. */
  secure: boolean;
  user: string | null;
}

export interface SmtpReceiver {
  port: number;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server (the smtp-server package) on loopback, with STARTTLS and PLAIN/LOGIN auth. */
export async function startSmtpReceiver(users: Record<string, string>): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    key: readFileSync(join(TLS_DIR, 'localhost-key.pem')),
    cert: readFileSync(join(TLS_DIR, 'localhost-cert.pem')),
    authMethods: ['PLAIN', 'LOGIN'],
    // Refuse credentials over plain text, as a real submission server does.
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username && users[auth.username] === auth.password) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push({ mail, to: session.envelope.rcptTo.map((address) => address.address), secure: session.secure, user: (session.user as string | undefined) ?? null });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

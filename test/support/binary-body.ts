import type { Test } from 'supertest';

type NodeParser = Extract<Parameters<Test['parse']>[0], (res: never, done: never) => void>;

/** A supertest parser that keeps the body as bytes (a COA PDF), whatever its content type. */
export const binaryBody: NodeParser = (res, done) => {
  // In Node, superagent hands the parser the raw response stream.
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

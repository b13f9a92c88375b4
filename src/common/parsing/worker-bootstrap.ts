/**
 * The source every parsing thread starts from (run with `eval`, so the build needs no extra file).
 * It loads task modules by absolute path: compiled .js in production; under jest or ts-node the
 * pool hands it @swc/core, and .ts modules are compiled on require. A `load` message only requires
 * the module (so the time budget never counts loading). Replies carry the task's value, or the
 * error's name, message and, for module errors, code and details.
 */
export const WORKER_BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
if (workerData && workerData.swc) {
  const { transformSync } = require(workerData.swc);
  const { readFileSync } = require('node:fs');
  const options = {
    swcrc: false,
    module: { type: 'commonjs' },
    jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true } },
  };
  require.extensions['.ts'] = (module, filename) => {
    module._compile(transformSync(readFileSync(filename, 'utf8'), { ...options, filename }).code, filename);
  };
}
const plain = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
parentPort.on('message', async ({ id, module, fn, input, load }) => {
  try {
    if (load) {
      require(module);
      parentPort.postMessage({ id, ok: true, loaded: true });
      return;
    }
    const value = await require(module)[fn](input);
    parentPort.postMessage({ id, ok: true, value });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    parentPort.postMessage({ id, ok: false, error: { name: e.name, message: e.message, code: e.code, details: plain(e.details), stack: e.stack } });
  }
});
`;

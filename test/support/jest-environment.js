// onnxruntime-node's native addon returns typed arrays of the outer Node realm, and
// onnxruntime-common checks them with `instanceof` against the test sandbox's constructors,
// so every session.run fails under Jest's default environment ("A float32 tensor's data must be
// type of function Float32Array()"). Jest already shares Uint8Array with the sandbox for the
// same reason; this environment shares the other typed arrays too.
// The default environment of every jest project (jest.config.js).
const { TestEnvironment } = require('jest-environment-node');

const SHARED_CONSTRUCTORS = [
  'Int8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'DataView',
];

class OnnxRuntimeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED_CONSTRUCTORS) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxRuntimeEnvironment;

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { canonicalJson } from '@corex/platform';

/**
 * Runs every ```python block of docs/node-protocol.md, in order, against the golden fixtures: the
 * document's Python must derive the node id from the seed, sign every fixture message to the same
 * bytes and signature, canonicalise arbitrary JSON as the network does, name blobs and decode and
 * re-encode the CXTM and CXW1 fixtures byte for byte. Needs python3 with cryptography and numpy;
 * skipped (said once) where they are missing.
 */
const DOC = path.resolve(__dirname, '../../../docs/node-protocol.md');
const DIR = path.resolve(__dirname, '../../../docs/fixtures/node-protocol');

const python = spawnSync('python3', ['-c', 'import cryptography, numpy'], { encoding: 'utf8' });
const available = python.status === 0;
if (!available) console.warn('protocol-python.spec: python3 with cryptography and numpy not found; the document\'s Python is not checked');

const harness = `
import sys
from cryptography.hazmat.primitives import serialization as _s

_in = json.load(sys.stdin)
_fx = _in["fixtures"]
_out = {}
_key = load_seed(_fx["identity.json"]["seed"])
_out["nodeId"] = node_id_of(_key)
_out["publicKeyHex"] = _key.public_key().public_bytes(_s.Encoding.Raw, _s.PublicFormat.Raw).hex()
_fresh = new_seed()
_out["fresh"] = {"seed": _fresh, "nodeId": node_id_of(load_seed(_fresh))}
_out["messages"] = {}
for _name, _f in _fx.items():
    if not _name.startswith("messages/"):
        continue
    _m = _f["message"]
    _bytes = signed_bytes(_m["kind"], _m["body"])
    _out["messages"][_name] = {
        "signedBytes": _bytes.decode("utf-8"),
        "sha256": hashlib.sha256(_bytes).hexdigest(),
        "signature": sign(_m["kind"], _m["body"], _key)["signature"],
    }
_out["canonical"] = [canonical(json.loads(_t)) for _t in _in["jsonTexts"]]

def _bytes_of(lines):
    return bytes.fromhex("".join(line[6:].replace(" ", "") for line in lines))

def _plain(array, dtype):
    return {"dtype": dtype, "dims": list(array.shape), "values": [str(int(v)) if dtype == "int64" else float(v) for v in array.reshape(-1)]}

for _name in ("tensor-map.json", "result-map.json"):
    _data = _bytes_of(_fx[_name]["bytes"])
    _decoded = decode_cxtm(_data)
    _out[_name] = {
        "tensors": {k: _plain(v, "int64" if v.dtype.kind == "i" else "float32") for k, v in _decoded.items()},
        "reencoded": encode_cxtm(_decoded).hex(),
        "hex": _data.hex(),
    }
_w = decode_cxw1(_bytes_of(_fx["weights.json"]["bytes"]))
_out["weights"] = {
    "shape": {"inputs": _w["W1"].shape[0], "hidden": _w["W1"].shape[1], "classes": _w["W2"].shape[1]},
    **{k: [float(x) for x in v.reshape(-1)] for k, v in _w.items()},
}
_store = _fx["object-store.json"]
_out["metaSubject"] = meta_subject(_store["bucket"], _store["name"])
_out["metaRequest"] = direct_get_subject(_store["bucket"], _out["metaSubject"])
_sb = _fx["sealed-blob.json"]
_sealed = _bytes_of(_sb["bytes"])
_out["digest"] = blob_digest(_sealed)
_out["sealed"] = {
    "name": sealed_name(_sb["key"], _sb["sha256"]),
    "opened": open_sealed(_sb["key"], _sb["sha256"], _sealed).hex(),
    "parts": [task_object_part_name(_sb["name"], _i) for _i in range(3)],
}
try:
    open_sealed(base64.b64encode(bytes(32)).decode(), _sb["sha256"], _sealed)
    _out["sealed"]["otherKey"] = "opened"
except Exception:
    _out["sealed"]["otherKey"] = "refused"
_big = bytes(range(256)) * 1000
_digest, _parts = upload_parts("corex", _out["nodeId"], _big, 160 * 1024)
_out["upload"] = {
    "digest": _digest,
    "subjects": [p[0] for p in _parts],
    "headers": [p[1] for p in _parts],
    "sizes": [len(p[2]) for p in _parts],
    "joined": hashlib.sha256(b"".join(p[2] for p in _parts)).hexdigest(),
}
_out["challenge"] = {
    "zero": [float(v) for v in challenge_values("00" * 32, 4)],
    "other": [float(v) for v in challenge_values("78563412" + "ab" * 28, 4)],
    "sums": base64.b64encode(challenge_column_sums("00" * 32, 4)).decode(),
}
print(json.dumps(_out))
`;

function pythonBlocks(doc: string): string {
  return [...doc.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n\n');
}

function fixtures(dir: string, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) Object.assign(out, fixtures(full, `${prefix}${entry}/`));
    else out[`${prefix}${entry}`] = JSON.parse(readFileSync(full, 'utf8'));
  }
  return out;
}

const read = <T>(file: string) => JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as T;
const hexOf = (lines: string[]) => lines.map((line) => line.slice(6).replace(/ /g, '')).join('');

(available ? describe : describe.skip)("docs/node-protocol.md's Python", () => {
  const values = fc.sample(fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 3 }), { numRuns: 400, seed: 7 });
  const extra = [1.0, 1e21, 1e-7, 0.000001, 123456789012345680000, 5e-324, -0.5, 2 ** 53 - 1, 2 ** 60, 1 / 3, 104.75529990243902];
  const jsonTexts = [...values, extra, { '\u{1F600}': 1, '\uFB01': 2, a: 3 }].map((v) => JSON.stringify(v));
  let out: Record<string, any>;

  beforeAll(() => {
    const script = `${pythonBlocks(readFileSync(DOC, 'utf8'))}\n${harness}`;
    const run = spawnSync('python3', ['-c', script], { input: JSON.stringify({ fixtures: fixtures(DIR), jsonTexts }), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`the document's Python failed:\n${run.stderr}`);
    out = JSON.parse(run.stdout);
  });

  it('derives the node id and public key from the seed, and makes seeds that load', () => {
    const identity = read<{ nodeId: string; publicKeyHex: string }>('identity.json');
    expect({ nodeId: out['nodeId'], publicKeyHex: out['publicKeyHex'] }).toEqual({ nodeId: identity.nodeId, publicKeyHex: identity.publicKeyHex });
    expect(out['fresh'].seed).toMatch(/^SU[A-Z2-7]{56}$/);
    expect(out['fresh'].nodeId).toMatch(/^U[A-Z2-7]{55}$/);
  });

  it('signs every fixture message to its signed bytes, hash and signature', () => {
    const names = Object.keys(fixtures(DIR)).filter((name) => name.startsWith('messages/'));
    expect(names.length).toBe(9);
    for (const name of names) {
      const { message, signedBytes, sha256 } = read<{ message: { signature: string }; signedBytes: string; sha256: string }>(name);
      expect({ name, ...out['messages'][name] }).toEqual({ name, signedBytes, sha256, signature: message.signature });
    }
  });

  it('canonicalises arbitrary JSON exactly as the network does', () => {
    const expected = jsonTexts.map((text) => canonicalJson(JSON.parse(text)));
    (out['canonical'] as string[]).forEach((actual, i) => expect({ text: jsonTexts[i], actual }).toEqual({ text: jsonTexts[i], actual: expected[i] }));
  });

  it('decodes the CXTM fixtures to their content and encodes them back to the same bytes', () => {
    for (const name of ['tensor-map.json', 'result-map.json']) {
      const fixture = read<{ bytes: string[]; tensors: unknown }>(name);
      expect(out[name].tensors).toEqual(fixture.tensors);
      expect(out[name].reencoded).toBe(hexOf(fixture.bytes));
    }
  });

  it('decodes the CXW1 fixture to its content', () => {
    expect(out['weights']).toEqual(read<{ weights: unknown }>('weights.json').weights);
  });

  it('names the blob metadata and its direct get as the object store does', () => {
    const store = read<{ metaSubject: string; metaRequest: string; meta: { digest: string } }>('object-store.json');
    expect([out['metaSubject'], out['metaRequest'], out['digest']]).toEqual([store.metaSubject, store.metaRequest, store.meta.digest]);
  });

  it('opens the sealed blob with the assignment key to the tensor-map fixture, names it as the network does, and refuses another key', () => {
    const sealed = read<{ name: string }>('sealed-blob.json');
    expect(out['sealed']).toEqual({
      name: sealed.name,
      opened: hexOf(read<{ bytes: string[] }>('tensor-map.json').bytes),
      parts: [sealed.name, `${sealed.name}.1`, `${sealed.name}.2`],
      otherKey: 'refused',
    });
  });

  it('draws the benchmark challenge values of the test vectors and answers with the documented column sums', () => {
    expect(out['challenge'].zero).toEqual([-0.46714162826538086, -0.9993405342102051, -0.5534559488296509, -0.707595705986023]);
    expect(out['challenge'].other).toEqual([-0.7876960039138794, 0.8825525045394897, 0.8797411918640137, -0.5322304964065552]);
    const sums = Buffer.from(out['challenge'].sums as string, 'base64');
    const documented = [0.8645564705338984, 0.5035650296978389, 0.5174716661833543, 1.1745322560455946];
    expect(sums.length).toBe(16);
    documented.forEach((expected, j) => expect(Math.abs(sums.readFloatLE(j * 4) - expected)).toBeLessThan(1e-6));
  });

  it('splits an upload into parts below the payload limit, each naming the count', () => {
    const big = Buffer.alloc(256_000, 0).map((_, i) => i % 256);
    const digest = createHash('sha256').update(big).digest('hex');
    const { upload } = out as { upload: { digest: string; subjects: string[]; headers: object[]; sizes: number[]; joined: string } };
    expect(upload.digest).toBe(digest);
    expect(upload.joined).toBe(digest);
    expect(upload.sizes).toEqual([144 * 1024, 256_000 - 144 * 1024]);
    expect(upload.subjects).toEqual([0, 1].map((part) => `corex.upload.${out['nodeId']}.${digest}.${part}`));
    expect(upload.headers).toEqual([{ 'Corex-Upload-Parts': '2' }, { 'Corex-Upload-Parts': '2' }]);
  });
});

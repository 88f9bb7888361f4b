// The publishing code alone in a process of its own: reads the given artifacts and publishes them
// with the installed plugin's library (no Nx around it), as the publish executor does (metadata
// first, digests while each new file streams), then prints its wall time and peak RSS as JSON.
// bench/publish runs it to tell the publisher's memory from the Nx task process's baseline.
// Usage: node publish-alone.mjs <workspace> <uploadUrl> <caChain> <file>...; credentials from
// BENCH_PYPI_USERNAME / BENCH_PYPI_PASSWORD.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [ws, uploadUrl, chain, ...files] = process.argv.slice(2);
const require = createRequire(join(ws, 'package.json'));
// Deep paths by absolute file name: the plugin's package.json `exports` hides its internals.
const lib = (path) => require(join(ws, 'node_modules', 'nx-pypi', 'dist', path));
const { publishDistributions } = lib('io/http/publish-distributions.js');
const { readArtifact } = lib('io/artifact/read-artifact.js');
const { createDispatcher } = lib('io/tls/dispatcher.js');
const { readTrustSettings } = lib('io/tls/read-trust.js');
// The password travels wrapped (prints as ***) in plugins that have Secret.
const { Secret } = lib('core/config/credentials.js');

const start = Date.now();
const artifacts = [];
for (const file of files) artifacts.push(await readArtifact(file, { hash: false }));
const hashedMs = Date.now() - start;
const hashedRssKiB = process.resourceUsage().maxRSS;
const dispatcher = createDispatcher(readTrustSettings(ws, { caFiles: [chain], publicRoots: false }));
try {
  const credentials = {
    username: process.env.BENCH_PYPI_USERNAME,
    password: Secret ? new Secret(process.env.BENCH_PYPI_PASSWORD) : process.env.BENCH_PYPI_PASSWORD,
    source: 'env BENCH_PYPI_PASSWORD',
  };
  const outcomes = await publishDistributions(artifacts, { uploadUrl, credentials, dispatcher });
  const failed = outcomes.filter((o) => o.status !== 'uploaded').map((o) => `${o.filename}: ${o.status}${o.error ? ` ${o.error.message}` : ''}`);
  console.log(JSON.stringify({ ms: Date.now() - start, hashedMs, hashedRssKiB, maxRssKiB: process.resourceUsage().maxRSS, failed }));
} finally {
  await dispatcher.close();
}

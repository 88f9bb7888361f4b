#!/usr/bin/env node
/**
 * Benchmark of pypi-registry over TLS on loopback: 200 uploads, then 2,000 simple-index reads
 * (project pages through the group), with a few requests in flight. The registry runs as its own
 * process (the built CLI), so its peak RSS is measured alone, from /proc/<pid>/status VmHWM.
 *
 * A last phase uploads one large file: the peak RSS before and after it shows whether memory
 * stays flat in file size (uploads are streamed to disk).
 *
 *   npm run build && node bench/registry/run.mjs [--uploads 200] [--reads 2000] [--concurrency 8] [--size 20000] [--large-mb 64]
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    uploads: { type: 'string', default: '200' },
    reads: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    size: { type: 'string', default: '20000' },
    'large-mb': { type: 'string', default: '64' },
  },
});
const UPLOADS = Number(values.uploads);
const READS = Number(values.reads);
const CONCURRENCY = Number(values.concurrency);
const SIZE = Math.max(Number(values.size), 4);
const LARGE = Number(values['large-mb']) * 1024 * 1024;
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'pypi-registry', 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run "npm run build" first`);
  process.exit(1);
}

const dataDir = await mkdtemp(join(tmpdir(), 'registry-bench-'));
const child = spawn(process.execPath, [cli, 'serve', '--data', dataDir, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const info = await waitForServer(join(dataDir, 'server.json'));
  const password = /^password = (.*)$/m.exec(readFileSync(join(dataDir, 'credentials'), 'utf8'))[1];
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: readFileSync(info.certificates.root), servername: 'localhost' });
  const auth = `Basic ${Buffer.from(`publisher:${password}`).toString('base64')}`;
  const projects = Math.max(1, Math.floor(UPLOADS / 4));

  const uploadStats = await timed(UPLOADS, async (i) => {
    const name = `bench-pkg-${i % projects}`;
    const filename = `bench_pkg_${i % projects}-1.${Math.floor(i / projects)}-py3-none-any.whl`;
    const form = encodeForm(name, `1.${Math.floor(i / projects)}`, filename, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), randomBytes(SIZE - 4)]));
    return send(agent, info.port, 'POST', '/repository/pypi-hosted/', { Authorization: auth, 'Content-Type': form.contentType }, form.body);
  });
  const readStats = await timed(READS, (i) => send(agent, info.port, 'GET', `/repository/pypi-public/simple/bench-pkg-${i % projects}/`, {}, undefined));
  const peakRss = readPeakRss(child.pid);
  const largeForm = encodeForm(
    'bench-large',
    '1.0',
    'bench_large-1.0-py3-none-any.whl',
    Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(Math.max(LARGE - 4, 0), 7)]),
  );
  const largeStarted = performance.now();
  const largeStatus =
    LARGE > 0
      ? await send(agent, info.port, 'POST', '/repository/pypi-hosted/', { Authorization: auth, 'Content-Type': largeForm.contentType }, largeForm.body)
      : 200;
  const largeSeconds = (performance.now() - largeStarted) / 1000;
  const peakAfterLarge = readPeakRss(child.pid);
  agent.destroy();

  console.log(`pypi-registry benchmark (TLS, loopback, ${CONCURRENCY} in flight)`);
  report('uploads', uploadStats, `${(SIZE / 1000).toFixed(0)} kB each`);
  report('simple-index reads', readStats, `${projects} projects, through group pypi-public`);
  console.log(`registry peak RSS: ${mib(peakRss)}`);
  if (LARGE > 0) {
    console.log(
      `large upload: ${(LARGE / 1048576).toFixed(0)} MiB in ${largeSeconds.toFixed(2)} s, status ${largeStatus}; registry peak RSS after it: ${mib(peakAfterLarge)}`,
    );
  }
  const failed = uploadStats.failures + readStats.failures + (largeStatus === 200 ? 0 : 1);
  if (failed > 0) process.exitCode = 1;
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  await rm(dataDir, { recursive: true, force: true });
}

function mib(kb) {
  return kb === undefined ? 'n/a (needs /proc)' : `${(kb / 1024).toFixed(1)} MiB`;
}

function report(label, stats, note) {
  const rate = (stats.count / stats.seconds).toFixed(0);
  const p95 = stats.latencies.sort((a, b) => a - b)[Math.floor(stats.latencies.length * 0.95)] ?? 0;
  console.log(
    `${label.padEnd(20)} ${String(stats.count).padStart(5)} in ${stats.seconds.toFixed(2)} s = ${rate} req/s, p95 ${p95.toFixed(1)} ms, ${stats.failures} failed (${note})`,
  );
}

async function timed(count, task) {
  const latencies = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      const status = await task(i);
      latencies.push(performance.now() - t0);
      if (status !== 200) failures++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { count, seconds: (performance.now() - started) / 1000, latencies, failures };
}

function send(agent, port, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent, servername: 'localhost' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function encodeForm(name, version, filename, bytes) {
  const boundary = `bench${randomBytes(8).toString('hex')}`;
  const fields = {
    ':action': 'file_upload',
    protocol_version: '1',
    name,
    version,
    filetype: 'bdist_wheel',
    pyversion: 'py3',
    sha256_digest: createHash('sha256').update(bytes).digest('hex'),
  };
  const parts = Object.entries(fields).map(([key, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`);
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([Buffer.from(parts.join('') + head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}

async function waitForServer(serverJson) {
  for (let waited = 0; waited < 20_000; waited += 50) {
    if (existsSync(serverJson)) return JSON.parse(readFileSync(serverJson, 'utf8'));
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the registry did not start');
}

/** VmHWM: the process's peak resident set size, in kB. */
function readPeakRss(pid) {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

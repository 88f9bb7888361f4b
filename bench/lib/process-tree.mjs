// Runs a command and measures it: wall time, output, and the peak RSS (VmHWM) of every process
// in its tree, sampled from /proc. `/usr/bin/time -v` reports only the largest process of a tree,
// without saying which one; here the publishing process can be told apart from nx's own.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** @returns {Promise<{ code: number, ms: number, stdout: string, stderr: string, peaks: { pid: number, command: string, hwmKiB: number }[] }>} */
export function runMeasured(command, args, { cwd, env, sampleMs = 50 } = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const peaks = new Map();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const sample = () => {
      for (const pid of descendantsOf(child.pid)) {
        const seen = readPeak(pid);
        if (!seen) continue;
        const known = peaks.get(pid);
        if (!known || seen.hwmKiB > known.hwmKiB) peaks.set(pid, { pid, command: known?.command ?? seen.command, hwmKiB: seen.hwmKiB });
      }
    };
    const timer = setInterval(sample, sampleMs);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      resolve({ code: code ?? 1, ms, stdout, stderr, peaks: [...peaks.values()].sort((a, b) => b.hwmKiB - a.hwmKiB) });
    });
  });
}

function descendantsOf(root) {
  const parent = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name in field 2 may hold spaces and parentheses: read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  const found = [root];
  for (let i = 0; i < found.length; i++) for (const [pid, ppid] of parent) if (ppid === found[i]) found.push(pid);
  return found;
}

function readPeak(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
    if (!hwm) return undefined;
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).map(shorten).join(' ').slice(0, 120);
    return { hwmKiB: Number(hwm[1]), command };
  } catch {
    return undefined;
  }
}

function shorten(arg) {
  return arg.includes('/node_modules/') ? `…/${arg.split('/node_modules/').pop()}` : arg;
}

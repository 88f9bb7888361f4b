#!/usr/bin/env node
/** The `nx-pypi` command. Owns all terminal output; the libraries below it print nothing. */
import { doctorCommand, DOCTOR_USAGE, type CliIo } from './doctor/doctor-command';

const USAGE = `Usage: nx-pypi <command>
Commands:
  doctor   check TLS trust, credentials and repository URLs against the server

${DOCTOR_USAGE}`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'doctor') return doctorCommand(rest, io);
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  io.err(`unknown command "${command}"\n${USAGE}`);
  return 2;
}

if (require.main === module) {
  runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}

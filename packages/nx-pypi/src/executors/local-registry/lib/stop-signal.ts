/**
 * Waiting until the process is told to stop. Nx stops a continuous task by signalling its
 * process tree (SIGTERM, then SIGKILL after a grace period); Ctrl+C sends SIGINT. Listening
 * replaces Node's default of dying at once, so the server closes and the files are restored.
 */
export interface StopSignal {
  /** Resolves with the signal's name. */
  stopped: Promise<NodeJS.Signals>;
  /** Removes the listeners, so a later signal takes Node's default action again. */
  dispose(): void;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function waitForStopSignal(target: Pick<NodeJS.Process, 'on' | 'off'> = process): StopSignal {
  let resolveStop: (signal: NodeJS.Signals) => void = () => undefined;
  const stopped = new Promise<NodeJS.Signals>((resolve) => (resolveStop = resolve));
  const handlers = SIGNALS.map((signal) => [signal, () => resolveStop(signal)] as const);
  for (const [signal, handler] of handlers) target.on(signal, handler);
  return {
    stopped,
    dispose: () => {
      for (const [signal, handler] of handlers) target.off(signal, handler);
    },
  };
}

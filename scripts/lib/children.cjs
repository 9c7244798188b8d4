'use strict';
// Child processes of `npm start`: output prefixed with the child's name, readiness checks,
// and an orderly stop (SIGTERM, then SIGKILL after a timeout).
const readline = require('node:readline');
const { spawn } = require('node:child_process');
const { sleep } = require('./infra.cjs');

const STOP_TIMEOUT_MS = 10_000;

class Supervisor {
  /** onUnexpectedExit(name, code, signal) is called when a child exits before stopAll(). */
  constructor(onUnexpectedExit) {
    this.children = new Map();
    this.stopping = false;
    this.onUnexpectedExit = onUnexpectedExit;
    this.width = 0;
    // Last resort if this process goes away without stopAll(): leave no child behind.
    process.on('exit', () => this.children.forEach((c) => killGroup(c.proc, 'SIGKILL')));
  }

  /**
   * Spawns `command args` as `name`. Each child leads its own process group, so a terminal's
   * Ctrl-C reaches only this supervisor, which then stops the children in order.
   * Options:
   * - format(line, child): the text to print for one output line, or null to print nothing
   *   (default: the line as is); every line is still offered to `onLine`.
   * - onLine(line, child): sees every line (e.g. to wait for a JSON event).
   * - critical (default true): an unexpected exit stops everything; otherwise it is only logged.
   * - stopFirst: stopAll() stops these children (e.g. nodes) before the others (the services).
   */
  spawn(name, command, args, env, options = {}) {
    const { format, onLine, critical = true, stopFirst = false } = options;
    const proc = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const child = { name, proc, spawnedAt: Date.now(), exited: null, readyLine: false, stopFirst };
    this.width = Math.max(this.width, name.length);
    child.exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        this.children.delete(name);
        if (!this.stopping) {
          if (critical) this.onUnexpectedExit(name, code, signal);
          else console.error(`[start] ${name} exited (${signal ? `signal ${signal}` : `code ${code}`}); the rest keeps running`);
        }
        resolve();
      });
    });
    proc.once('error', (err) => console.error(`[start] could not run ${name}: ${err.message}`));
    for (const stream of [proc.stdout, proc.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        if (isReadyLine(line)) child.readyLine = true;
        onLine?.(line, child);
        const text = format ? format(line, child) : line;
        if (text != null) console.log(`${name.padEnd(this.width)} | ${text}`);
      });
    }
    this.children.set(name, child);
    return child;
  }

  alive(name) {
    return this.children.has(name);
  }

  /**
   * SIGTERM to every child, SIGKILL to those still running after the timeout: first the
   * `stopFirst` children (nodes hand back their work while the scheduler still runs), then the rest.
   */
  async stopAll(timeoutMs = STOP_TIMEOUT_MS) {
    this.stopping = true;
    await this.stopGroup([...this.children.values()].filter((c) => c.stopFirst), timeoutMs);
    await this.stopGroup([...this.children.values()], timeoutMs);
  }

  async stopGroup(running, timeoutMs) {
    for (const c of running) {
      console.log(`[start] stopping ${c.name} (pid ${c.proc.pid})`);
      killGroup(c.proc, 'SIGTERM');
    }
    await Promise.all(
      running.map(async (c) => {
        const killed = await Promise.race([c.exited.then(() => false), sleep(timeoutMs).then(() => true)]);
        if (killed) {
          console.log(`[start] ${c.name} did not stop within ${timeoutMs / 1000} s: SIGKILL`);
          killGroup(c.proc, 'SIGKILL');
          await c.exited;
        }
      }),
    );
  }
}

function killGroup(proc, signal) {
  try {
    process.kill(-proc.pid, signal);
  } catch {
    try {
      proc.kill(signal);
    } catch {
      // already gone
    }
  }
}

const LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
/** Fields every service line carries: not repeated on the terminal. */
const OMITTED = new Set(['level', 'time', 'pid', 'hostname', 'service', 'name', 'msg']);

/**
 * A service's pino JSON line as a terminal line: `level message key=value ...`. Anything else
 * (a stack trace, plain text) is printed as it came; LOG_FORMAT=json keeps the JSON.
 */
function formatServiceLine(line) {
  if (process.env.LOG_FORMAT === 'json' || !line.startsWith('{')) return line;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  const fields = Object.entries(entry)
    .filter(([key]) => !OMITTED.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [LEVELS[entry.level] ?? entry.level, entry.msg, ...fields].filter((part) => part !== undefined && part !== '').join(' ');
}

/** A pino-style JSON log line whose msg mentions "ready". */
function isReadyLine(line) {
  if (!line.startsWith('{')) return false;
  try {
    const msg = JSON.parse(line).msg;
    return typeof msg === 'string' && /\bready\b/i.test(msg);
  } catch {
    return false;
  }
}

/** Polls `check` every 250 ms; fails when the child dies or timeoutMs passes. */
async function waitReady(supervisor, child, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!supervisor.alive(child.name)) throw new Error(`${child.name} exited while starting`);
    if (await check(child)) return;
    await sleep(250);
  }
  throw new Error(`${child.name} was not ready within ${timeoutMs / 1000} s`);
}

/** Resolves true when GET url answers 200. */
async function httpOk(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

module.exports = { Supervisor, waitReady, httpOk, formatServiceLine };

/**
 * Names for running processes that let another process tell, without waiting for a timeout,
 * that the one named has died: `<host>.<pid>.<start>.<random>`. <host> hashes the boot id, the
 * host name and the pid namespace, so two processes compare pids only when they see the same
 * pids; <start> is the process's start time (clock ticks since boot), so a pid the system has
 * given to another process since does not pass for the old one.
 *
 * Where /proc is missing (not Linux), nothing can be told: hasDied() always answers false and
 * callers fall back on their timeouts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';

/** Field 22 of /proc/<pid>/stat; the command name before it may hold spaces and parentheses. */
function startTicks(pid: number | 'self'): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function hostKey(): string | null {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const pids = readlinkSync('/proc/self/ns/pid');
    return createHash('sha256').update(`${os.hostname()}\n${boot}\n${pids}`).digest('hex').slice(0, 16);
  } catch {
    return null;
  }
}

const HOST = hostKey();
const START = startTicks('self');

/** A new name for this process (at most 64 characters). */
export function newProcessIdentity(): string {
  return `${HOST ?? 'unknown'}.${process.pid}.${START ?? 0}.${randomBytes(6).toString('hex')}`;
}

/** True only when `identity` names a process that certainly no longer runs. */
export function hasDied(identity: string): boolean {
  const [host, pidText, start] = identity.split('.');
  const pid = Number(pidText);
  if (HOST === null || host !== HOST || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const now = startTicks(pid);
  return now !== null && now !== start;
}

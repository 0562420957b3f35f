import type { Queue } from 'bullmq';

/**
 * The runs of one job scheduler that completed on `queue`, as the times they were scheduled
 * for, in order. BullMQ names each run's job `repeat:<scheduler id>:<scheduled ms>`, so two
 * runs of one slot cannot hide as two jobs, and runs closer together than the period would
 * show that the schedule was running more than once.
 */
export async function completedSlots(queue: Queue, schedulerId: string): Promise<number[]> {
  const jobs = await queue.getJobs(['completed']);
  const prefix = `repeat:${schedulerId}:`;
  return jobs.filter((job) => job.id?.startsWith(prefix)).map((job) => Number(job.id!.slice(prefix.length))).sort((a, b) => a - b);
}

/** The gaps between consecutive slots. */
export function gaps(slots: readonly number[]): number[] {
  return slots.slice(1).map((slot, i) => slot - slots[i]!);
}

import type { InfluencerNotification, Notifier } from './notifications.ts';

/**
 * Hands notifications over once the change they announce is committed. The change stands
 * whatever happens here: a notifier that fails is reported to `onError` (a worker logs it),
 * never turned into a failure of the request or job that made the change, which a retry
 * would then repeat for nothing.
 */
export async function notifyAfterCommit(
  notifier: Notifier,
  notifications: InfluencerNotification[],
  onError: (error: unknown) => void = () => undefined,
): Promise<void> {
  if (notifications.length === 0) return;
  try {
    await notifier.notify(notifications);
  } catch (error) {
    onError(error);
  }
}

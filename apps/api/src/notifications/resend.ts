import type { AuditService, Actor } from '@app/identity';
import type { DeliveryLogService } from '@app/notifications';

/**
 * Sends a message again and audits it in the same transaction: the one path
 * for the API's resend and the delivery log page's button. (The audit log is
 * identity's, which sits above notifications, so the record is passed in.)
 */
export function resendMessage(log: DeliveryLogService, audit: AuditService, id: string, actor: Actor) {
  return log.resend(id, actor.userId ?? null, (manager) => audit.record(manager, actor, { action: 'notification.resent', target: { type: 'notification', id } }));
}

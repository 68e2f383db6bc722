/** Every message the system sends. Issue 8 adds the applicant journey, provider and finance messages. */
export const TOPIC = {
  verifyEmail: 'account.verify_email',
  passwordReset: 'account.password_reset',
  invitation: 'account.invitation',
  applicationSubmitted: 'application.submitted',
  offerMade: 'application.offer_made',
  waitlisted: 'application.waitlisted',
  offerExpired: 'application.offer_expired',
} as const;

export type Topic = (typeof TOPIC)[keyof typeof TOPIC];

/** The people a message goes to are looked up at send time: the queue and outbox hold only their ids. */
export interface Recipient {
  email: string;
  fullName: string;
}

/** Implemented by the identity lib (which owns accounts); the sender depends only on this. */
export abstract class RecipientDirectory {
  abstract find(userId: string): Promise<Recipient | null>;
}

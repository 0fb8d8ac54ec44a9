import * as events from 'aws-cdk-lib/aws-events';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

interface SenderIdentityProps {
  /** An email address or a domain. */
  readonly identity: string;
  readonly configurationSetName: string;
}

/** What becomes of each report message: the `delivery-events` function records these in the run's history. */
const DELIVERY_EVENTS = [
  ses.EmailSendingEvent.SEND,
  ses.EmailSendingEvent.DELIVERY,
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.DELIVERY_DELAY,
] as const;

/**
 * The SES identity reports are sent from, and the configuration set every message names. The set
 * publishes its delivery events to the account's default EventBridge bus, which SES requires and which
 * needs nothing of the stateless stack: the rule and function that consume them live there, so this
 * stack (retained) never refers to a resource a redeploy may replace, and no cross-stack cycle arises.
 */
export class SenderIdentity extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly eventDestination: ses.ConfigurationSetEventDestination;

  constructor(scope: Construct, id: string, props: SenderIdentityProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
    });
    this.eventDestination = this.configurationSet.addEventDestination('DeliveryEvents', {
      destination: ses.EventDestination.eventBus(
        events.EventBus.fromEventBusName(this, 'DefaultBus', 'default'),
      ),
      events: [...DELIVERY_EVENTS],
    });
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: props.identity.includes('@')
        ? ses.Identity.email(props.identity)
        : ses.Identity.domain(props.identity),
      configurationSet: this.configurationSet,
    });
  }
}

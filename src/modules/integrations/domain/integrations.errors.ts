import { errorCatalogue } from '@switchyard/core';

/** Every code the integrations module answers, besides the platform's COMMON ones. */
export const INTEGRATIONS = errorCatalogue('INTEGRATIONS', {
  INTEGRATION_NOT_FOUND: { kind: 'not_found', title: 'No such integration in your organization' },
  DELIVERY_NOT_FOUND: { kind: 'not_found', title: 'No such webhook delivery for this integration' },
  UNKNOWN_PLATFORM: { kind: 'not_found', title: 'Webhooks are received for github, linear and slack only' },
  PROJECT_NOT_FOUND: { kind: 'not_found', title: 'The configuration names a project your organization does not have' },
  COMPONENT_NOT_FOUND: { kind: 'not_found', title: 'No such component in your organization' },
  NAME_TAKEN: { kind: 'conflict', title: 'The organization already has an integration with this name' },
  SIGNATURE_INVALID: { kind: 'unauthenticated', title: 'The webhook signature is missing, wrong or stale' },
  UNSUPPORTED_PAYLOAD: { kind: 'invalid', title: 'The webhook body cannot be read' },
  INTEGRATION_DISABLED: { kind: 'unavailable', title: 'The integration is disabled' },
  CIRCUIT_OPEN: { kind: 'unavailable', title: 'Calls to the platform are paused after repeated failures' },
  PLATFORM_RATE_LIMITED: { kind: 'rate_limited', title: 'The platform asked to slow down' },
  PLATFORM_CALL_FAILED: { kind: 'unavailable', title: 'The platform refused or failed the call' },
  NOT_CONFIGURED: { kind: 'unprocessable', title: 'The integration lacks the configuration this needs' },
});

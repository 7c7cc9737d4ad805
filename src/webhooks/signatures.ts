// Signature verification presets for inbound webhooks (`ANY /hooks/{slug}`): the receive route
// checks a third-party request against the webhook's secrets before turning it into an event.
// Pure functions: no I/O, the clock is injected. Details in ./signatures/.

export { parseSignatureConfig } from './signatures/config.js';
export { generateSecret, secretProblem } from './signatures/secrets.js';
export type { SignatureConfig, SignaturePreset, SignatureResult, SignedRequest } from './signatures/types.js';
export { verifySignature } from './signatures/verify.js';

// A Standard Webhooks signing secret made in the browser, for rotation: `whsec_` and 32 random bytes
// in base64, the same shape the server generates on create (src/actions/webhook/signing.ts).

export function generateSigningSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

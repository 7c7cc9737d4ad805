// The list's on/off switch (components/EnabledSwitch.tsx): PATCH {enabled}. A disabled webhook's URL
// answers 404, like an unknown one.

import { EnabledSwitch } from '../components/EnabledSwitch';
import { useSetEnabled } from './mutations';

export function WebhookSwitch({ id, name, enabled }: { id: string; name: string; enabled: boolean }) {
  return <EnabledSwitch name={name} enabled={enabled} mutation={useSetEnabled(id)} className="wh-toggle" />;
}

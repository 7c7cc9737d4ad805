// Pause/resume (components/EnabledSwitch.tsx): the cache is updated optimistically, and a refusal
// (422: the automation no longer passes today's rules) puts it back and says why.

import { EnabledSwitch } from '../components/EnabledSwitch';
import { useSetEnabled } from './queries';

export function EnabledToggle({ id, name, enabled }: { id: string; name: string; enabled: boolean }) {
  return <EnabledSwitch name={name} enabled={enabled} mutation={useSetEnabled(id)} className="toggle" />;
}

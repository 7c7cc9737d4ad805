// The fields of one event trigger (Prefect's "custom" trigger): what to count or miss, from which
// resources, how many within how long, and per which label. match_related and other resource
// labels are kept as they are (edit them in the JSON tab).

import { Field } from './Field';
import { DurationInput, ListInput } from './inputs';
import type { EventTrigger } from './types';

interface Props {
  trigger: EventTrigger;
  path: string;
  onChange(t: EventTrigger): void;
  /** Composite children choose their posture here; a lone trigger's comes from the shape select. */
  showPosture?: boolean;
}

export function EventTriggerFields({ trigger, path, onChange, showPosture }: Props) {
  const set = (patch: Partial<EventTrigger>) => onChange({ ...trigger, ...patch });
  const absence = trigger.posture === 'Proactive';
  const rid = trigger.match?.['prefect.resource.id'];
  const ridText = Array.isArray(rid) ? rid.join(', ') : (rid ?? '');
  return (
    <div className="trigger-fields">
      {showPosture && (
        <Field label="Fires when events" path={`${path}.posture`}>
          {(p) => (
            <select {...p} value={trigger.posture} onChange={(e) => set({ posture: e.target.value as EventTrigger['posture'] })}>
              <option value="Reactive">are seen (reactive)</option>
              <option value="Proactive">are missing (absence)</option>
            </select>
          )}
        </Field>
      )}
      <Field
        label={absence ? 'Expected events' : 'Events'}
        path={`${path}.expect`}
        hint="Event names, comma-separated; a trailing * matches a prefix (acme.job.*). Empty: any event."
      >
        {(p) => <ListInput {...p} value={trigger.expect} onChange={(expect) => set({ expect })} />}
      </Field>
      <Field
        label="Resource id"
        path={`${path}.match`}
        hint="Only events whose resource id matches (prefect.resource.id; * globs, several comma-separated). Empty: every resource."
      >
        {(p) => (
          <ListInput
            {...p}
            value={ridText ? ridText.split(', ') : []}
            onChange={(ids) => {
              const match = { ...(trigger.match ?? {}) };
              if (ids.length === 0) delete match['prefect.resource.id'];
              else match['prefect.resource.id'] = ids.length === 1 ? ids[0] : ids;
              set({ match });
            }}
          />
        )}
      </Field>
      <div className="field-row">
        <Field label={absence ? 'Fewer than' : 'At least'} path={`${path}.threshold`} hint={absence ? 'events fires it' : 'events fire it'}>
          {(p) => (
            <input
              {...p}
              type="number"
              className="num-input"
              value={trigger.threshold ?? 1}
              onChange={(e) => set({ threshold: e.target.value === '' ? 1 : Number(e.target.value) })}
            />
          )}
        </Field>
        <Field label="Within" path={`${path}.within`} hint={absence ? 'at least 10 s' : '0 = each event at once'}>
          {(p) => <DurationInput {...p} label="Within" seconds={trigger.within ?? 0} onChange={(within) => set({ within })} />}
        </Field>
      </div>
      <Field
        label="Per label (for each)"
        path={`${path}.for_each`}
        hint="Separate windows per value of these labels, e.g. prefect.resource.id."
      >
        {(p) => <ListInput {...p} value={trigger.for_each} onChange={(for_each) => set({ for_each })} />}
      </Field>
      <Field
        label="Only after (optional)"
        path={`${path}.after`}
        hint="Event names that open the window; the expected events count only after one."
      >
        {(p) => <ListInput {...p} value={trigger.after} onChange={(after) => set({ after })} />}
      </Field>
    </div>
  );
}

// The fields of one action, by type. Destinations come from the SDK's DestinationsClient.list();
// template fields are checked as you type. Types without a form here keep their fields (JSON tab).

import { Field } from './Field';
import { useAutomationList, useDestinations } from './queries';
import { TemplateField } from './TemplateField';
import type { Action } from './types';
import { useState } from 'react';

interface Props {
  action: Action;
  path: string;
  onChange(a: Action): void;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function DestinationSelect({ action, path, onChange, webhookOnly }: Props & { webhookOnly?: boolean }) {
  const destinations = useDestinations();
  const options = (destinations.data ?? []).filter((d) => !webhookOnly || d.type === 'webhook');
  const value = str(action.block_document_id);
  return (
    <Field
      label="Destination"
      path={`${path}.block_document_id`}
      hint={
        destinations.isError
          ? `Destinations unavailable: ${(destinations.error as Error).message}`
          : options.length === 0 && !destinations.isPending
            ? `No ${webhookOnly ? 'webhook ' : ''}destination yet: add one on the Destinations page (or POST /api/destinations).`
            : undefined
      }
    >
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange({ ...action, block_document_id: e.target.value })}>
          <option value="">Choose a destination…</option>
          {value && !options.some((d) => d.id === value) && <option value={value}>{value}</option>}
          {options.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} ({d.type})
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function AutomationSelect({ action, path, onChange }: Props) {
  const list = useAutomationList();
  const value = str(action.automation_id);
  return (
    <>
      <Field label="Which automation" path={`${path}.source`}>
        {(p) => (
          <select {...p} value={str(action.source) || 'selected'} onChange={(e) => onChange({ ...action, source: e.target.value })}>
            <option value="selected">the one chosen below</option>
            <option value="inferred">the one the triggering event is about</option>
          </select>
        )}
      </Field>
      {action.source !== 'inferred' && (
        <Field label="Automation" path={`${path}.automation_id`}>
          {(p) => (
            <select {...p} value={value} onChange={(e) => onChange({ ...action, automation_id: e.target.value })}>
              <option value="">Choose an automation…</option>
              {(list.data ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
    </>
  );
}

/** emit-event's payload: a JSON object whose strings may be templates. */
function PayloadObject({ action, path, onChange }: Props) {
  const [text, setText] = useState(JSON.stringify(action.payload ?? {}, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <Field label="Payload (JSON object)" path={`${path}.payload`} localErrors={[error]} hint="Strings in it may be templates.">
      {(p) => (
        <textarea
          {...p}
          className="mono"
          rows={3}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            try {
              const v: unknown = JSON.parse(e.target.value || '{}');
              if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('The payload must be a JSON object.');
              setError(null);
              onChange({ ...action, payload: v });
            } catch (err) {
              setError((err as Error).message);
            }
          }}
        />
      )}
    </Field>
  );
}

export function ActionFields(props: Props) {
  const { action, path, onChange } = props;
  const text = (key: string, label: string, multiline?: boolean) => (
    <TemplateField
      label={label}
      path={`${path}.${key}`}
      value={str(action[key])}
      multiline={multiline}
      onChange={(v) => onChange({ ...action, [key]: v })}
    />
  );
  switch (action.type) {
    case 'do-nothing':
      return <p className="muted small-text">Records the firing and runs nothing: useful to try a trigger out.</p>;
    case 'send-notification':
      return (
        <>
          <DestinationSelect {...props} />
          {text('subject', 'Subject')}
          {text('body', 'Body', true)}
        </>
      );
    case 'call-webhook':
      return (
        <>
          <DestinationSelect {...props} webhookOnly />
          {text('payload', 'Payload (the request body)', true)}
        </>
      );
    case 'emit-event': {
      const resource = (action.resource ?? {}) as Record<string, string>;
      return (
        <>
          {text('event', 'Event name')}
          <TemplateField
            label="Resource id"
            path={`${path}.resource`}
            value={resource['prefect.resource.id'] ?? ''}
            onChange={(v) => onChange({ ...action, resource: { ...resource, 'prefect.resource.id': v } })}
          />
          <PayloadObject {...props} />
        </>
      );
    }
    case 'pause-automation':
    case 'resume-automation':
      return <AutomationSelect {...props} />;
    default:
      return <p className="muted small-text">This action's fields are edited in the JSON tab.</p>;
  }
}

// The trigger's common shapes: reactive (events happen), absence (events stop), compound (several
// triggers, any/all/N of them) and sequence (in order). Switching shape keeps what was typed: an
// event trigger becomes a composite's first child and back. Deeper nesting is edited in JSON.

import { blankEventTrigger } from './draft';
import { EventTriggerFields } from './EventTriggerFields';
import { Field } from './Field';
import { DurationInput } from './inputs';
import { TriggerSummary } from './TriggerSummary';
import type { CompositeTrigger, EventTrigger, Trigger } from './types';

type Shape = 'reactive' | 'absence' | 'compound' | 'sequence';

const shapeOf = (t: Trigger): Shape => (t.type === 'event' ? (t.posture === 'Proactive' ? 'absence' : 'reactive') : t.type);

function reshape(t: Trigger, shape: Shape): Trigger {
  const first: EventTrigger =
    t.type === 'event' ? t : ((t.triggers.find((c) => c.type === 'event') as EventTrigger | undefined) ?? blankEventTrigger());
  if (shape === 'reactive' || shape === 'absence') {
    const posture = shape === 'absence' ? 'Proactive' : 'Reactive';
    return { ...first, posture, within: posture === 'Proactive' && !first.within ? 300 : first.within };
  }
  const children = t.type === 'event' ? [t, blankEventTrigger()] : t.triggers;
  return shape === 'compound'
    ? { type: 'compound', triggers: children, require: 'all', within: t.type === 'event' ? 3600 : (t.within ?? null) }
    : { type: 'sequence', triggers: children, within: t.type === 'event' ? 3600 : (t.within ?? null) };
}

function CompositeFields({ trigger, onChange }: { trigger: CompositeTrigger; onChange(t: Trigger): void }) {
  const setChild = (i: number, child: Trigger) => onChange({ ...trigger, triggers: trigger.triggers.map((c, j) => (j === i ? child : c)) });
  return (
    <>
      <div className="field-row">
        {trigger.type === 'compound' && (
          <Field label="Fires when" path="trigger.require">
            {(p) => (
              <select
                {...p}
                value={String(trigger.require ?? 'all')}
                onChange={(e) =>
                  onChange({
                    ...trigger,
                    require: /^\d+$/.test(e.target.value) ? Number(e.target.value) : (e.target.value as 'any' | 'all'),
                  })
                }
              >
                <option value="all">all of them fire</option>
                <option value="any">any of them fires</option>
                {Array.from({ length: Math.max(0, trigger.triggers.length - 2) }, (_, k) => k + 2).map((n) => (
                  <option key={n} value={n}>
                    {n} of them fire
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label="All within" path="trigger.within" hint="of each other (0 = no limit)">
          {(p) => (
            <DurationInput
              {...p}
              label="All within"
              seconds={trigger.within ?? 0}
              onChange={(s) => onChange({ ...trigger, within: s > 0 ? s : null })}
            />
          )}
        </Field>
      </div>
      <ol className="children">
        {trigger.triggers.map((child, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: children are positional (the sequence's order)
          <li key={i}>
            <fieldset>
              <legend>
                {trigger.type === 'sequence' ? `Step ${i + 1}` : `Trigger ${i + 1}`}
                {trigger.triggers.length > 1 && (
                  <button
                    type="button"
                    className="ghost small"
                    onClick={() => onChange({ ...trigger, triggers: trigger.triggers.filter((_, j) => j !== i) })}
                  >
                    Remove {trigger.type === 'sequence' ? `step ${i + 1}` : `trigger ${i + 1}`}
                  </button>
                )}
              </legend>
              {child.type === 'event' ? (
                <EventTriggerFields trigger={child} path={`trigger.triggers.${i}`} onChange={(c) => setChild(i, c)} showPosture />
              ) : (
                <p className="muted">
                  A nested {child.type} trigger (<TriggerSummary trigger={child} />
                  ): edit it in the JSON tab.
                </p>
              )}
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange({ ...trigger, triggers: [...trigger.triggers, blankEventTrigger()] })}>
        Add {trigger.type === 'sequence' ? 'a step' : 'a trigger'}
      </button>
    </>
  );
}

export function TriggerForm({ trigger, onChange }: { trigger: Trigger; onChange(t: Trigger): void }) {
  const shape = shapeOf(trigger);
  return (
    <fieldset className="form-section">
      <legend>Trigger</legend>
      <Field label="Shape" path="trigger.type">
        {(p) => (
          <select {...p} value={shape} onChange={(e) => onChange(reshape(trigger, e.target.value as Shape))}>
            <option value="reactive">Reactive — when events happen</option>
            <option value="absence">Absence — when expected events do not arrive</option>
            <option value="compound">Compound — when several triggers fire</option>
            <option value="sequence">Sequence — when triggers fire in order</option>
          </select>
        )}
      </Field>
      <p className="trigger-words">
        <span className="muted">Reads: </span>
        <TriggerSummary trigger={trigger} />
      </p>
      {trigger.type === 'event' ? (
        <EventTriggerFields key={shape} trigger={trigger} path="trigger" onChange={onChange} />
      ) : (
        <CompositeFields trigger={trigger} onChange={onChange} />
      )}
    </fieldset>
  );
}

// One line per step of an `apply` (automations, webhooks): what was, or would be, done to which
// document, so both commands report their plans alike.

interface Named {
  name: string;
  /** Where the document came from: `file.yaml`, `file.yaml#2`, `stdin`. */
  source: string;
}

export type ApplyStepLine =
  | { action: 'create'; doc: Named }
  | { action: 'update'; doc: Named; existing: { id: string }; changed: readonly string[] }
  | { action: 'unchanged'; doc: Named; existing: { id: string } }
  | { action: 'delete'; existing: { id: string; name: string } };

export function describeApplyStep(step: ApplyStepLine, dry: boolean): string {
  switch (step.action) {
    case 'create':
      return `${dry ? 'would create' : 'created   '} ${step.doc.name} — ${step.doc.source}`;
    case 'update': {
      const what = step.changed.length > 0 ? ` (changed: ${step.changed.join(', ')})` : '';
      return `${dry ? 'would update' : 'updated   '} ${step.doc.name} (${step.existing.id}) — ${step.doc.source}${what}`;
    }
    case 'unchanged':
      return `${dry ? 'unchanged   ' : 'unchanged '} ${step.doc.name} (${step.existing.id}) — ${step.doc.source}`;
    case 'delete':
      return `${dry ? 'would delete' : 'deleted   '} ${step.existing.name} (${step.existing.id}) — in none of the files`;
  }
}

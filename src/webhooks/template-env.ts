// The template environment of webhooks: Herald's sandboxed engine plus Prefect Cloud's
// `from_cloud_event` filter, with the automation templates' limits.

import type { Loc } from '../events/index.js';
import { type Issues, valueIssue } from '../model/parse-fields.js';
import { compile, type Template, TemplateError, type TemplateLimits } from '../templates/index.js';
import { webhookFilters } from './cloudevents.js';

export function compileWebhookTemplate(source: string, limits?: Partial<TemplateLimits>): Template {
  return compile(source, { limits, filters: webhookFilters });
}

/** Whether `source` compiles (syntax and sandbox rules); if not, an issue at `loc` with the error's line. */
export function checkWebhookTemplate(source: string, loc: Loc, limits: Partial<TemplateLimits> | undefined, issues: Issues): boolean {
  try {
    compileWebhookTemplate(source, limits);
    return true;
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    const where = err.line > 0 ? ` (line ${err.line})` : '';
    issues.push(valueIssue(loc, source, `not a valid template: ${err.reason}${where}`, { line: err.line, template_error: err.reason }));
    return false;
  }
}

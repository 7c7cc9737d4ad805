// Inline template validation through the draft test endpoint (POST /webhooks/test), 400 ms after the
// last keystroke: the template and the dedup key are compiled by the server's own rules, and a
// refusal (422) names the field and the line. Only compile errors are shown at the fields; what a
// template does with a given request is the "Try it" panel's business.

import { useQuery } from '@tanstack/react-query';
import { formErrors, type FormErrors, NO_ERRORS, validationIssues } from '../lib/form-errors';
import { useDebounced } from '../lib/use-debounced';
import { useWebhooksClient } from './use-webhooks';

export const CHECK_DEBOUNCE_MS = 400;

/** The template's and the dedup key's compile errors, at `template` and `dedup_key`. */
export function useTemplateCheck(template: string, dedupKey: string): FormErrors {
  const api = useWebhooksClient();
  const draft = { template: useDebounced(template, CHECK_DEBOUNCE_MS), dedupKey: useDebounced(dedupKey, CHECK_DEBOUNCE_MS) };
  const check = useQuery({
    queryKey: ['webhook-template-check', draft.template, draft.dedupKey],
    queryFn: async ({ signal }): Promise<FormErrors> => {
      try {
        await api.testDraft({ template: draft.template, dedup_key: draft.dedupKey.trim() ? draft.dedupKey : null }, { signal });
        return NO_ERRORS;
      } catch (err) {
        if (!validationIssues(err)) throw err;
        return { fields: formErrors(err, ['template', 'dedup_key']).fields, banner: [] };
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  // The answer about an older text is kept while the newer one is checked: an error does not blink.
  return check.data ?? NO_ERRORS;
}

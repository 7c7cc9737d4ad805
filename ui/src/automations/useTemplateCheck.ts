// Inline template validation: POST /templates/validate, debounced, only for text that is a template
// (holds `{{` or `{%`, as the server decides). A newer keystroke cancels the check in flight.

import { useQuery } from '@tanstack/react-query';
import { useDebounced } from '../lib/use-debounced';
import { useAutomationsClient } from './queries';

export const TEMPLATE_DEBOUNCE_MS = 400;

const isTemplate = (s: string) => s.includes('{{') || s.includes('{%');

/** The template's error message (with its line), or null while valid/unknown. */
export function useTemplateCheck(text: string): string | null {
  const automations = useAutomationsClient();
  const debounced = useDebounced(text, TEMPLATE_DEBOUNCE_MS);
  const check = useQuery({
    queryKey: ['template-check', debounced],
    queryFn: ({ signal }) => automations.validateTemplate(debounced, { signal }),
    enabled: isTemplate(debounced),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  if (!isTemplate(text) || !check.data || check.data.valid) return null;
  return check.data.line > 0 ? `Line ${check.data.line}: ${check.data.message}` : check.data.message;
}

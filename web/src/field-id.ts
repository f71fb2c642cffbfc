/** A form control's id from its data path: `participants.0.email` → `f-participants-0-email`. */
export function fieldId(path: string): string {
  return `f-${path.replaceAll('.', '-')}`;
}

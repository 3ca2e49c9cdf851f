import type {Rule} from '../profiles/rules.js'

/** `pppc validate --explain ID`: a rule's documentation, from the rule data. */
export function explainRule(rule: Rule): string {
  return [
    `${rule.id}  ${rule.severity}  ${rule.group}`,
    rule.title,
    '',
    `Why: ${rule.why}`,
    `What Apple says: ${rule.apple}`,
    `Example: ${rule.example}`,
    `Fix: ${rule.fix}`,
    '',
    `Configure: "${rule.id}: off" (or error, warning, info) under rules in .pppc.yaml, or <!-- pppc-disable-next-line ${rule.id} --> on the line above a finding.`,
    '',
  ].join('\n')
}

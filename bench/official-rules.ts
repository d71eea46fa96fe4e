/** Falco's three official syscall rulesets, by file name (in falco-reference/rules), in load order. */
export const OFFICIAL_SYSCALL_RULESETS: readonly string[] = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'];

/** Why this Node cannot run hms-ops, or null (see node-check.js). */
export function nodeProblem(version: string): string | null;

// Plain JavaScript that any Node parses: it runs before the TypeScript sources are loaded.

/**
 * Why this Node cannot run hms-ops, or null. The sources are TypeScript that Node runs by stripping
 * the types (22.18 and newer; the project pins Node 24 as a devDependency).
 * @param {string} version process.versions.node, e.g. "20.20.2"
 * @returns {string | null}
 */
export function nodeProblem(version) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 18)) return null;
  return `hms-ops needs Node 22.18 or newer, which runs its TypeScript sources; this is Node ${version}. ` +
    'Run it as npx hms-ops … or npm run hms-ops -- …: both use the Node that npm ci installs from package.json.';
}

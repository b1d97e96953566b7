// Path classification used by the change features. Pure string rules, documented in the schema.

export type PathClass = 'tests' | 'config' | 'docs' | 'source';

const TEST_RE =
  /(^|\/)(tests?|__tests__|spec|specs|testing|testdata|test-data|e2e|it)\/|(^|\/)[^/]*([._-](test|spec|tests|it))\.[a-z0-9]+$|(^|\/)test_[^/]*\.py$|(^|\/)[^/]*Tests?\.(java|kt|cs|scala|groovy)$/i;
const DOCS_RE =
  /(^|\/)(docs?|documentation)\/|\.(md|markdown|rst|adoc|asciidoc|txt|rdoc|textile|org|pod)$|(^|\/)(README|CHANGELOG|CHANGES|HISTORY|NEWS|LICENSE|LICENCE|COPYING|AUTHORS|CREDITS|CONTRIBUTING|NOTICE)([.-][^/]*)?$/i;
const CONFIG_RE =
  /\.(ya?ml|toml|ini|cfg|conf|properties|tf|tfvars|hcl|env|nix|json5?)$|(^|\/)(Dockerfile|Containerfile|Makefile|Jenkinsfile|Vagrantfile|Procfile|docker-compose[^/]*|\.dockerignore|\.gitlab-ci\.yml)$|(^|\/)(\.github|\.circleci|\.buildkite|\.ci|ci|deploy|deployment|k8s|kubernetes|helm|charts|terraform|ansible|infra|config|conf)\//i;
const MANIFEST_RE =
  /(^|\/)(package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb|go\.mod|go\.sum|Cargo\.toml|Cargo\.lock|pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradle\.lockfile|requirements[^/]*\.txt|Pipfile(\.lock)?|poetry\.lock|pyproject\.toml|setup\.py|setup\.cfg|uv\.lock|Gemfile(\.lock)?|composer\.(json|lock)|mix\.(exs|lock)|packages\.config|[^/]*\.csproj|Directory\.Packages\.props|Podfile(\.lock)?|Package\.swift|Package\.resolved|flake\.lock)$/;
const MIGRATION_RE =
  /(^|\/)(migrations?|migrate|db\/migrate|alembic|flyway|liquibase|changelog)\/|(^|\/)db\/[^/]*\.sql$/i;

export function classifyPath(path: string): PathClass {
  if (TEST_RE.test(path)) return 'tests';
  if (DOCS_RE.test(path)) return 'docs';
  if (MANIFEST_RE.test(path) || CONFIG_RE.test(path)) return 'config';
  return 'source';
}

// Written by a package manager, never by hand.
const LOCKFILE_RE =
  /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|go\.sum|Cargo\.lock|gradle\.lockfile|Pipfile\.lock|poetry\.lock|uv\.lock|Gemfile\.lock|composer\.lock|mix\.lock|Podfile\.lock|Package\.resolved|flake\.lock|[^/]*\.lock)$/;
// Written by a tool: minified bundles, source maps, snapshots, protobuf/codegen output.
const GENERATED_RE =
  /\.min\.(js|css)$|\.(js|css)\.map$|(^|\/)__snapshots__\/|\.snap$|\.pb\.go$|_pb2(_grpc)?\.pyi?$|\.g\.dart$|\.generated\.[a-z]+$|(^|\/)zz_generated[^/]*$|(^|\/)(dist|node_modules)\//i;

export const isDependencyManifest = (path: string): boolean => MANIFEST_RE.test(path);
export const isLockfile = (path: string): boolean => LOCKFILE_RE.test(path);
export const isGenerated = (path: string): boolean => GENERATED_RE.test(path);

/**
 * Why a file holds no code a bug can live in, or null when it does: documentation (README, docs/,
 * *.md, …), lockfiles and generated files. What SZZ does not blame.
 */
export function notCodeReason(path: string): 'docs' | 'lockfile' | 'generated' | null {
  if (isLockfile(path)) return 'lockfile';
  if (isGenerated(path)) return 'generated';
  if (DOCS_RE.test(path)) return 'docs'; // tests/README.md too, which classifyPath calls a test
  return null;
}
export const isMigration = (path: string): boolean => MIGRATION_RE.test(path);

/** Kamei's subsystem: the top-level directory ('.' for files at the root). */
export function subsystemOf(path: string): string {
  const i = path.indexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}

/** The directory holding the file ('.' for the root). */
export function directoryOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}

// One Jest run, two projects: fast unit tests beside the code, and integration tests
// that need the real Kafka broker and PostgreSQL (tools/jest/global-setup.mjs reuses or starts them).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // .mjs: unit tests cover the plain-JS tools; jose ships only as ES modules. Both are
  // compiled to CommonJS for Jest.
  transform: { '^.+\\.(ts|mjs|js)$': swc },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: {
    // The sandbox is an app (type:tool) that tests import; everything else under @actionhub is a lib.
    '^@actionhub/atlassian-sandbox$': '<rootDir>/apps/atlassian-sandbox/src/index.ts',
    '^@actionhub/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/', '<rootDir>/.cache/'],
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{apps,libs,tools}/**/__tests__/**/*.spec.ts',
        '<rootDir>/test/workspace/**/*.spec.ts',
      ],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/{apps,libs}/*/test/integration/**/*.spec.ts',
        '<rootDir>/test/integration/**/*.spec.ts',
        // Contract tests (Pact, AsyncAPI, OpenAPI): they boot services on the same Kafka and PostgreSQL.
        '<rootDir>/test/contracts/**/*.spec.ts',
      ],
      globalSetup: '<rootDir>/tools/jest/global-setup.mjs',
      globalTeardown: '<rootDir>/tools/jest/global-teardown.mjs',
      setupFilesAfterEnv: ['<rootDir>/tools/jest/integration-timeouts.mjs'],
    },
  ],
};

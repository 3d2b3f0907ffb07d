import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

// Tags live in each project's package.json ("nx": { "tags": [...] }).
// Apps may import libs; libs never import apps; contracts imports nothing of ours.
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  // Development tools (the Atlassian sandbox) stand apart from the product: nothing of ours in, only tests use them.
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:auth-profiles', onlyDependOnLibsWithTags: ['scope:shared', 'scope:auth-profiles'] },
  { sourceTag: 'scope:action-config', onlyDependOnLibsWithTags: ['scope:shared', 'scope:action-config'] },
  {
    sourceTag: 'scope:template-installer',
    onlyDependOnLibsWithTags: ['scope:shared', 'scope:template-installer'],
  },
  { sourceTag: 'scope:dialogs', onlyDependOnLibsWithTags: ['scope:shared', 'scope:dialogs'] },
  { sourceTag: 'scope:sandbox', onlyDependOnLibsWithTags: [] },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.cache/**', '.nx/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@nx': nx },
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints, banTransitiveDependencies: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'error',
    },
  },
  {
    // Tests may also use the testing library; production code may not.
    files: ['**/test/**/*.ts', '**/__tests__/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          banTransitiveDependencies: false,
          depConstraints: depConstraints.map((c) => {
            if (c.sourceTag === 'type:contracts') return c;
            const extra = c.sourceTag.startsWith('type:') ? ['type:testing', 'type:tool'] : ['scope:sandbox'];
            return { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, ...extra] };
          }),
        },
      ],
    },
  },
  {
    files: ['tools/**/*.{mjs,js,ts}', '**/test/**/*.ts', '**/__tests__/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);

// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/dist/',
      'coverage/',
      'test-results/',
      '**/node_modules/',
      '**/.sandbox/',
      '.cache/',
      '.dev-idp/',
      '.app-data/',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // `any` needs a comment saying why: the disable comment is that comment.
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Build and tool configuration: CommonJS on Node.
    files: ['**/*.js', '**/*.cjs'],
    ignores: ['public/**'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The sandbox's preview library shows untrusted files: nothing in it may parse a string as HTML.
    files: ['packages/box-sandbox/src/preview/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['insertAdjacentHTML', 'createContextualFragment', 'parseFromString'].map((property) => ({
          property,
          message: 'File content must never be parsed as HTML: build DOM nodes.',
        })),
        ...['write', 'writeln'].map((property) => ({
          object: 'document',
          property,
          message: 'File content must never be parsed as HTML: build DOM nodes.',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
          message: 'File content must never be parsed as HTML: build DOM nodes.',
        },
        {
          selector: "NewExpression[callee.name='DOMParser']",
          message: 'No HTML parsing in the preview library.',
        },
      ],
    },
  },
  {
    // Scripts served to browsers as they are: no build step, browser globals.
    files: ['public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
  prettier,
);

/** Unit tests sit next to the code (*.spec.ts); e2e tests drive real workspaces (e2e/*.e2e.ts). */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] };
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      setupFiles: ['<rootDir>/jest.setup.ts'],
      testMatch: ['<rootDir>/packages/*/src/**/*.spec.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      setupFiles: ['<rootDir>/jest.setup.ts'],
      testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
    },
  ],
};
